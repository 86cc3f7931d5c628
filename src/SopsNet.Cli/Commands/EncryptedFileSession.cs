using System.Collections.Immutable;
using SopsNet.Documents;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Stores;
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary>
/// An encrypted file opened for change (set, unset, edit, rotate, updatekeys, groups): the file layer's
/// <see cref="SopsDocument"/> with the job that says where its results go. A save that changes no value
/// writes nothing at all.
/// </summary>
internal sealed class EncryptedFileSession
{
    private EncryptedFileSession(FileJob job, SopsDocument document)
    {
        Job = job;
        Document = document;
    }

    public FileJob Job { get; }

    public SopsDocument Document { get; }

    public StoreDocument Encrypted => Document.Encrypted;

    public DecryptedFile Plain => Document.Plain;

    public static async Task<EncryptedFileSession> OpenAsync(
        CliContext ctx, FileOptions files, bool ignoreMac, string? decryptionOrder, CancellationToken ct)
    {
        var job = FileJob.Open(ctx, files, encrypted: true);
        return new EncryptedFileSession(job, await job.OpenAsync(ctx, ignoreMac, decryptionOrder, ct).ConfigureAwait(false));
    }

    /// <summary>Writes <paramref name="documents"/>, edited from <see cref="Plain"/>; false (and nothing written) when no value changed.</summary>
    public bool Save(CliContext ctx, ImmutableArray<Mapping> documents)
    {
        if (Document.Save(documents) is not { } content)
        {
            return false;
        }

        Job.WriteEncrypted(ctx, content);
        return true;
    }

    /// <summary>Re-encrypts a plaintext the user edited: its text is the new layout.</summary>
    public void SaveEdited(CliContext ctx, StoreDocument edited) => Job.WriteEncrypted(ctx, Document.SaveEdited(edited));

    /// <summary>New data key for <paramref name="groups"/>; a <paramref name="shamirThreshold"/> replaces the file's (null keeps it).</summary>
    public async Task RotateAsync(CliContext ctx, ImmutableArray<ImmutableArray<MasterKey>> groups, CancellationToken ct, int? shamirThreshold = null) =>
        Job.WriteEncrypted(ctx, await Document.RotateAsync(groups, shamirThreshold, ct).ConfigureAwait(false));

    /// <summary>Same data key, new set of recipients: only key stanzas change.</summary>
    public async Task RewrapAsync(CliContext ctx, ImmutableArray<ImmutableArray<MasterKey>> groups, CancellationToken ct) =>
        Job.WriteEncrypted(ctx, await Document.RewrapAsync(groups, ct).ConfigureAwait(false));

    /// <summary>Same data key split afresh for <paramref name="groups"/> and <paramref name="shamirThreshold"/>: every key stanza changes.</summary>
    public async Task ResplitAsync(CliContext ctx, ImmutableArray<ImmutableArray<MasterKey>> groups, int shamirThreshold, CancellationToken ct) =>
        Job.WriteEncrypted(ctx, await Document.ResplitAsync(groups, shamirThreshold, ct).ConfigureAwait(false));
}
