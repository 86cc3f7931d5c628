using System.Collections.Immutable;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Stores;
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary>
/// An encrypted file opened for change (set, unset, edit): decrypted in memory, then saved with the same
/// data key and the IVs of unchanged values, so only changed values (and lastmodified and mac) differ in
/// the file. A save that changes no value writes nothing at all.
/// </summary>
public sealed class EncryptedFileSession
{
    private readonly SopsEngine engine;

    private EncryptedFileSession(FileJob job, StoreDocument encrypted, DecryptedFile plain, SopsEngine engine)
    {
        Job = job;
        Encrypted = encrypted;
        Plain = plain;
        this.engine = engine;
    }

    public FileJob Job { get; }

    public StoreDocument Encrypted { get; }

    public DecryptedFile Plain { get; }

    public static async Task<EncryptedFileSession> OpenAsync(
        CliContext ctx, FileOptions files, bool ignoreMac, string? decryptionOrder, CancellationToken ct)
    {
        var job = FileJob.Open(ctx, files, encrypted: true);
        var (encrypted, metadata) = DecryptCommand.Load(job.InStore, job.Input);
        var engine = new SopsEngine(KeyProviders.CreateKeyRing(ctx, decryptionOrder), System.Security.Cryptography.RandomNumberGenerator.Fill, ctx.Clock);
        var plain = await engine.DecryptAsync(encrypted.Documents, metadata, ignoreMac, ct).ConfigureAwait(false);
        return new EncryptedFileSession(job, encrypted, plain, engine);
    }

    /// <summary>
    /// Re-encrypts and writes <paramref name="documents"/>, edited from <see cref="Plain"/>; returns false (and
    /// writes nothing) when no value changed. The layout is the encrypted file's own.
    /// </summary>
    public bool Save(CliContext ctx, ImmutableArray<Mapping> documents)
    {
        if (documents.Length == Plain.Documents.Length && documents.Zip(Plain.Documents).All(d => TreeEquality.Equal(d.First, d.Second)))
        {
            return false;
        }

        Write(ctx, documents, Job.Original(Encrypted));
        return true;
    }

    /// <summary>Re-encrypts a plaintext the user edited: its text is the new layout.</summary>
    public void SaveEdited(CliContext ctx, StoreDocument edited) => Write(ctx, edited.Documents, Job.Original(edited));

    /// <summary>
    /// New data key for <paramref name="groups"/>: every value and every key stanza changes. A
    /// <paramref name="shamirThreshold"/> replaces the file's (null keeps it).
    /// </summary>
    public async Task RotateAsync(CliContext ctx, ImmutableArray<ImmutableArray<MasterKey>> groups, CancellationToken ct, int? shamirThreshold = null)
    {
        var current = shamirThreshold is { } t ? Plain.Metadata with { ShamirThreshold = t } : Plain.Metadata;
        var (metadata, dataKey) = await engine.NewDataKeyAsync(current, groups, ct).ConfigureAwait(false);
        var (documents, sealedMetadata) = engine.Encrypt(Plain.Documents, metadata, dataKey, ivStash: null);
        Job.WriteEncrypted(ctx, Plain.Documents, documents, sealedMetadata, dataKey, Job.Original(Encrypted));
    }

    /// <summary>Same data key, new set of recipients: only key stanzas change (values, lastmodified and mac stay).</summary>
    public async Task RewrapAsync(CliContext ctx, ImmutableArray<ImmutableArray<MasterKey>> groups, CancellationToken ct)
    {
        var metadata = await engine.RewrapAsync(Plain.Metadata, Plain.DataKey, groups, ct).ConfigureAwait(false);
        Job.WriteEncrypted(ctx, Plain.Documents, Encrypted.Documents, metadata, Plain.DataKey, Job.Original(Encrypted));
    }

    private void Write(CliContext ctx, ImmutableArray<Mapping> documents, StoreDocument? original)
    {
        var (encrypted, metadata) = engine.Encrypt(documents, Plain.Metadata, Plain.DataKey, Plain.IvStash);
        Job.WriteEncrypted(ctx, documents, encrypted, metadata, Plain.DataKey, original);
    }
}
