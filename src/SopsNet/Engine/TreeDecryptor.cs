using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SopsNet.Crypto;
using SopsNet.Selection;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Engine;

/// <summary>
/// Decrypts the selected values and comments and recomputes the MAC over the plaintext (sops's
/// Tree.Decrypt). Records each value's IV so a later re-encryption can keep unchanged values' text.
/// </summary>
internal sealed class TreeDecryptor : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly ValueCipher cipher;
    private readonly bool macOnlyEncrypted;
    private readonly Sha512Hash hash;
    private readonly TreeWalker walker;

    public TreeDecryptor(byte[] dataKey, SelectionRule rule, bool macOnlyEncrypted)
    {
        cipher = new ValueCipher(dataKey);
        this.macOnlyEncrypted = macOnlyEncrypted;
        hash = Mac.Start(macOnlyEncrypted);
        walker = new TreeWalker(rule, Visit);
    }

    /// <summary>
    /// False leaves <see cref="IvStash"/> empty: a decryption whose result is only printed never
    /// re-encrypts, and the stash held a copy of every plaintext (a large file's biggest table).
    /// </summary>
    public bool RecordsIvs { get; init; } = true;

    public Dictionary<(string Aad, string Type, string Plaintext), byte[]> IvStash { get; } = [];

    /// <summary>Paths of comments that looked encrypted but did not authenticate; they are kept as they are.</summary>
    public List<string> UndecryptableComments { get; } = [];

    public (ImmutableArray<Mapping> Documents, string Mac) Decrypt(ImmutableArray<Mapping> documents)
    {
        var result = documents.Select(Decrypt).ToImmutableArray();
        return (result, FinishMac());
    }

    /// <summary>
    /// Decrypts one document, or one piece of a document that starts at its root, adding its values to
    /// the MAC: pieces given in file order hash exactly as the whole file would (see <see cref="FinishMac"/>).
    /// </summary>
    public Mapping Decrypt(Mapping document) => walker.Walk(document);

    /// <summary>The MAC of every value decrypted so far.</summary>
    public string FinishMac() => Mac.Finish(hash);

    public void Dispose() => hash.Dispose();

    private Node Visit(Node leaf, LeafContext ctx)
    {
        if (leaf is Comment comment)
        {
            return ctx.Encrypt ? OpenComment(comment, ctx) : comment;
        }

        var scalar = (Scalar)leaf;
        if (ctx.Encrypt && !(scalar.Kind == ScalarKind.String && scalar.Text.Length == 0))
        {
            scalar = Open(scalar, ctx);
        }

        if (!macOnlyEncrypted || ctx.Encrypt)
        {
            try
            {
                hash.AppendData(Canonical.Bytes(scalar));
            }
            catch (FormatException e)
            {
                throw new SopsException(SopsError.ErrorDecryptingTree, $"{ctx.Path}: {e.Message}");
            }
        }

        return scalar;
    }

    private Scalar Open(Scalar scalar, LeafContext ctx)
    {
        if (scalar.Kind != ScalarKind.String || !EncryptedValue.TryParse(scalar.Text, out var envelope))
        {
            throw new SopsException(SopsError.ErrorDecryptingTree,
                $"{ctx.Path}: value is not encrypted although the file's selection rule says it should be");
        }

        byte[] plain;
        try
        {
            plain = cipher.Decrypt(envelope, ctx.Aad);
        }
        catch (CryptographicFailure)
        {
            throw new SopsException(SopsError.ErrorDecryptingTree,
                $"{ctx.Path}: value does not authenticate (it was changed, or moved from another key)");
        }

        var result = ToScalar(plain, envelope.Type, ctx) with { Source = scalar.Source };
        if (RecordsIvs)
        {
            IvStash[(ctx.Aad, envelope.Type, result.Text)] = envelope.Iv;
        }

        return result;
    }

    private static Scalar ToScalar(byte[] plain, string type, LeafContext ctx)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(plain);
        }
        catch (DecoderFallbackException) when (type is "str" or "bytes")
        {
            return new Scalar(ScalarKind.String, Encoding.UTF8.GetString(plain)) { Raw = plain };
        }
        catch (DecoderFallbackException)
        {
            throw new SopsException(SopsError.ErrorDecryptingTree, $"{ctx.Path}: decrypted {type} value is not valid text");
        }

        var (kind, ok) = type switch
        {
            "str" or "bytes" => (ScalarKind.String, true),
            "int" => (ScalarKind.Int, GoFormat.TryParseInt(text, out _)),
            "float" => (ScalarKind.Float, GoFormat.TryParseFloat(text, out _)),
            "bool" => (ScalarKind.Bool, GoFormat.TryParseBool(text, out _)),
            "time" => (ScalarKind.Time, GoTime.TryParseRfc3339(text, out _)),
            _ => throw new SopsException(SopsError.ErrorDecryptingTree, $"{ctx.Path}: unknown value type '{type}'"),
        };
        return ok
            ? new Scalar(kind, text)
            : throw new SopsException(SopsError.ErrorDecryptingTree, $"{ctx.Path}: decrypted value is not a valid {type}");
    }

    private Comment OpenComment(Comment comment, LeafContext ctx)
    {
        if (!EncryptedValue.TryParse(comment.Text, out var envelope))
        {
            return comment;
        }

        // Comment placement depends on the YAML parser that wrote the file, so besides the natural AAD
        // try every shorter prefix of the path before giving up.
        for (var n = ctx.Keys.Count; n >= 0; n--)
        {
            var aad = n == 0 ? ":" : string.Concat(ctx.Keys.Take(n).Select(k => k + ":"));
            try
            {
                var text = Encoding.UTF8.GetString(cipher.Decrypt(envelope, aad));
                if (RecordsIvs)
                {
                    IvStash[(aad, "comment", text)] = envelope.Iv;
                }

                return comment with { Text = text };
            }
            catch (CryptographicFailure)
            {
            }
        }

        // sops keeps such a comment as it is (it may come from a hand edit); comments are not in the MAC.
        UndecryptableComments.Add(ctx.Path.ToString());
        return comment;
    }
}
