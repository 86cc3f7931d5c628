using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SopsNet.Crypto;
using SopsNet.Selection;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Engine;

/// <summary>
/// Encrypts the selected values and comments of documents with the data key and computes the MAC over
/// the plaintext values, in one walk (sops's Tree.Encrypt).
/// </summary>
internal sealed class TreeEncryptor : IDisposable
{
    private readonly ValueCipher cipher;
    private readonly bool macOnlyEncrypted;
    private readonly RandomSource random;
    private readonly Sha512Hash hash;
    private readonly TreeWalker walker;

    // IVs are drawn in batches: one call to the system RNG costs about as much as encrypting a value.
    private readonly byte[] ivPool = new byte[ValueCipher.IvSize * 256];
    private int ivPoolUsed = ValueCipher.IvSize * 256;

    /// <summary>
    /// IVs to reuse, keyed by (AAD, type, plaintext): an unchanged value re-encrypts to the same text, so
    /// an edit only changes the lines it touches (sops keeps such a stash in its cipher for the same reason).
    /// </summary>
    public IReadOnlyDictionary<(string Aad, string Type, string Plaintext), byte[]>? IvStash { get; init; }

    public TreeEncryptor(byte[] dataKey, SelectionRule rule, bool macOnlyEncrypted, RandomSource random)
    {
        cipher = new ValueCipher(dataKey);
        this.macOnlyEncrypted = macOnlyEncrypted;
        this.random = random;
        hash = Mac.Start(macOnlyEncrypted);
        walker = new TreeWalker(rule, Visit);
    }

    public (ImmutableArray<Mapping> Documents, string Mac) Encrypt(ImmutableArray<Mapping> documents)
    {
        var result = documents.Select(Encrypt).ToImmutableArray();
        return (result, FinishMac());
    }

    /// <summary>
    /// Encrypts one document, or one piece of a document that starts at its root, adding its values to the
    /// MAC: pieces given in file order hash, and draw their IVs, exactly as the whole file would.
    /// </summary>
    public Mapping Encrypt(Mapping document) => walker.Walk(document);

    /// <summary>The MAC of every value encrypted so far.</summary>
    public string FinishMac() => Mac.Finish(hash);

    public void Dispose() => hash.Dispose();

    private Node Visit(Node leaf, LeafContext ctx)
    {
        if (leaf is Comment comment)
        {
            return ctx.Encrypt && comment.Text.Length > 0
                ? comment with { Text = Seal(Encoding.UTF8.GetBytes(comment.Text), ctx.Aad, "comment", comment.Text) }
                : comment;
        }

        var scalar = (Scalar)leaf;
        byte[] canonical;
        try
        {
            canonical = Canonical.Bytes(scalar);
        }
        catch (FormatException e)
        {
            throw new SopsException(SopsError.ErrorEncryptingTree, $"{ctx.Path}: {e.Message}");
        }

        if (!macOnlyEncrypted || ctx.Encrypt)
        {
            hash.AppendData(canonical);
        }

        // sops never encrypts an empty string: it stays "" and decrypts as "".
        if (!ctx.Encrypt || (scalar.Kind == ScalarKind.String && scalar.Text.Length == 0 && scalar.Raw is null))
        {
            return scalar;
        }

        var payload = scalar.Raw ?? Encoding.UTF8.GetBytes(scalar.Text);
        var text = Seal(payload, ctx.Aad, Canonical.TypeName(scalar.Kind), scalar.Text);
        return scalar with { Kind = ScalarKind.String, Text = text, Raw = null };
    }

    private string Seal(byte[] payload, string aad, string type, string plaintext)
    {
        return IvStash is not null && IvStash.TryGetValue((aad, type, plaintext), out var kept)
            ? cipher.Encrypt(payload, aad, kept, type).ToString()
            : cipher.Encrypt(payload, aad, NextIv(), type).ToString();
    }

    private ReadOnlySpan<byte> NextIv()
    {
        if (ivPoolUsed + ValueCipher.IvSize > ivPool.Length)
        {
            random(ivPool);
            ivPoolUsed = 0;
        }

        var iv = ivPool.AsSpan(ivPoolUsed, ValueCipher.IvSize);
        ivPoolUsed += ValueCipher.IvSize;
        return iv;
    }
}
