using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SopsNet.Age;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Selection;
using SopsNet.Stores;
using SopsNet.Stores.Binary;
using SopsNet.Stores.Dotenv;
using SopsNet.Stores.Ini;
using SopsNet.Stores.Json;
using SopsNet.Stores.Toml;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;

namespace SopsNet.Tests.Properties;

/// <summary>
/// What every encryption of a plaintext file must satisfy, driven through the calls the CLI makes
/// (store Parse, SopsEngine encrypt with an age recipient, store Write with the metadata, then Parse,
/// decrypt and Write without metadata). Encryption either refuses with one StoreException or
/// SopsException line that names no secret, or produces a file that
/// (a) holds the complete sops metadata it was given,
/// (b) shows the plaintext of no encrypted value or comment outside an ENC[…] envelope, and
/// (c) decrypts to the input byte for byte, or, when the store warned that a spelling cannot survive
///     (README, "Where sops compatibility changes your file"), to a canonical form that reads as the same
///     tree and is a fixed point: encrypting and decrypting it gives it back byte for byte.
/// In every case the decrypted tree is the parsed input's tree and the decrypted text holds no metadata.
/// </summary>
public static class RoundTripInvariant
{
    private static readonly X25519Identity Identity = X25519Identity.Generate();
    private static readonly MasterKey Recipient = MasterKey.Create("age", ("recipient", Identity.Recipient.ToString()!));

    public static IStore Store(string format) => format switch
    {
        "yaml" => new YamlStore(),
        "json" => new JsonStore(),
        "dotenv" => new DotenvStore(),
        "ini" => new IniStore(),
        "toml" => new TomlStore(),
        "binary" => new BinaryStore(),
        _ => throw new ArgumentException("unknown format " + format, nameof(format)),
    };

    public static async Task<RoundTripOutcome> HoldsAsync(RoundTripCase c)
    {
        var input = c.Content;
        var first = await EncryptOrRefuseAsync(c, input);
        if (first is null)
        {
            return RoundTripOutcome.Refused;
        }

        var decrypted = await DecryptAsync(c, first);
        if (decrypted.AsSpan().SequenceEqual(input))
        {
            return RoundTripOutcome.Exact;
        }

        if (first.Warnings.IsEmpty)
        {
            throw new RoundTripException($"decrypting gives different bytes and the store gave no warning: got \"{RoundTripCase.Escape(decrypted)}\"");
        }

        // A documented canonical form: it must come back as itself.
        var second = await EncryptOrRefuseAsync(c with { Content = decrypted }, decrypted)
            ?? throw new RoundTripException($"the canonical form \"{RoundTripCase.Escape(decrypted)}\" is refused");
        for (var i = 0; i < Math.Max(first.Plain.Length, second.Plain.Length); i++)
        {
            if (i >= first.Plain.Length || i >= second.Plain.Length || !SameValues(first.Plain[i], second.Plain[i]))
            {
                throw new RoundTripException($"the canonical form \"{RoundTripCase.Escape(decrypted)}\" reads as another tree than the input");
            }
        }

        var again = await DecryptAsync(c, second);
        if (!again.AsSpan().SequenceEqual(decrypted))
        {
            throw new RoundTripException($"the canonical form is not a fixed point: \"{RoundTripCase.Escape(decrypted)}\" comes back as \"{RoundTripCase.Escape(again)}\"");
        }

        return RoundTripOutcome.Canonical;
    }

    private static SopsEngine Engine() => new(new KeyRing([new AgeKeyProvider([Identity])]), RandomNumberGenerator.Fill, TimeProvider.System);

    /// <summary>Encrypts as `sopsnet encrypt` does and checks (a) and (b); null when encryption refused in one clean line.</summary>
    private static async Task<Encrypted?> EncryptOrRefuseAsync(RoundTripCase c, byte[] input)
    {
        var store = Store(c.Format);
        StoreDocument plain;
        try
        {
            plain = store.Parse(input);
        }
        catch (StoreException e)
        {
            AssertCleanRefusal(e, []);
            return null;
        }

        if (plain.Metadata is not null || plain.Documents.IsEmpty)
        {
            return null; // the CLI refuses these with exit 203 and 92
        }

        var binary = store is BinaryStore;
        var settings = new EncryptionSettings([[Recipient]])
        {
            Rule = binary ? SelectionRule.Default : c.Rule,
            WriteRule = !binary,
            MacOnlyEncrypted = c.MacOnlyEncrypted,
        };
        ImmutableArray<Mapping> documents;
        SopsMetadata metadata;
        byte[] output;
        try
        {
            (documents, metadata) = await Engine().EncryptAsync(plain.Documents, settings, default);
            output = store.Write(documents, MetadataCodec.Write(metadata), plain);
        }
        catch (Exception e) when (e is StoreException or SopsException)
        {
            AssertCleanRefusal(e, SecretsAndClear(plain.Documents, null).Secrets);
            return null;
        }

        var (secrets, clear) = SecretsAndClear(plain.Documents, documents);
        clear.AddRange(Texts(MetadataCodec.Write(metadata)));
        if (PlaintextLeak.Find(Encoding.UTF8.GetString(input), Encoding.UTF8.GetString(output), secrets, clear) is { } leak)
        {
            throw new RoundTripException($"plaintext of an encrypted value outside ENC[…] ({RoundTripCase.Escape(leak)}) in \"{RoundTripCase.Escape(output)}\"");
        }

        return new Encrypted(output, plain.Documents, metadata, plain.Warnings);
    }

    /// <summary>Parses the encrypted output, checks its metadata (a), decrypts it and writes the plaintext as `sopsnet decrypt` does.</summary>
    private static async Task<byte[]> DecryptAsync(RoundTripCase c, Encrypted encrypted)
    {
        var store = Store(c.Format);
        StoreDocument parsed;
        try
        {
            parsed = store.Parse(encrypted.Output);
        }
        catch (StoreException e)
        {
            throw new RoundTripException($"the encrypted file does not parse ({e.Message}, line {e.Line}): \"{RoundTripCase.Escape(encrypted.Output)}\"");
        }

        var metadata = parsed.Metadata is null
            ? throw new RoundTripException($"the encrypted file has no sops metadata: \"{RoundTripCase.Escape(encrypted.Output)}\"")
            : MetadataCodec.Read(parsed.Metadata);
        var expected = encrypted.Metadata;
        if (metadata.Mac != expected.Mac || metadata.LastModified != expected.LastModified || metadata.Version != expected.Version ||
            metadata.Rule != expected.Rule || metadata.MacOnlyEncrypted != expected.MacOnlyEncrypted ||
            metadata.KeyGroups.Length != 1 || metadata.KeyGroups[0].Length != 1 ||
            metadata.KeyGroups[0][0].Enc.Trim() != expected.KeyGroups[0][0].Enc.Trim())
        {
            throw new RoundTripException($"the encrypted file's sops metadata is incomplete or changed: \"{RoundTripCase.Escape(encrypted.Output)}\"");
        }

        if (parsed.Documents.Length != encrypted.Plain.Length)
        {
            throw new RoundTripException($"the encrypted file has {parsed.Documents.Length} documents, not {encrypted.Plain.Length}: \"{RoundTripCase.Escape(encrypted.Output)}\"");
        }

        DecryptedFile file;
        try
        {
            file = await Engine().DecryptAsync(parsed.Documents, metadata, ignoreMac: false, default);
        }
        catch (SopsException e)
        {
            throw new RoundTripException($"the encrypted file does not decrypt ({e.Message}): \"{RoundTripCase.Escape(encrypted.Output)}\"");
        }

        for (var i = 0; i < file.Documents.Length; i++)
        {
            if (!TreeEquality.Equal(file.Documents[i], encrypted.Plain[i]))
            {
                throw new RoundTripException($"document {i} decrypts to another tree: {Support.TreeText.Of(file.Documents[i])} instead of {Support.TreeText.Of(encrypted.Plain[i])}");
            }
        }

        var output = store.Write(file.Documents, null, parsed);
        if (store is not BinaryStore && store.Parse(output).Metadata is not null)
        {
            throw new RoundTripException($"the decrypted file holds sops metadata: \"{RoundTripCase.Escape(output)}\"");
        }

        return output;
    }

    private static void AssertCleanRefusal(Exception e, IReadOnlyList<string> secrets)
    {
        if (e.Message.Length == 0 || e.Message.Contains('\n') || e.Message.Contains('\r'))
        {
            throw new RoundTripException($"a refusal that is not one line: \"{RoundTripCase.Escape(e.Message)}\"", e);
        }

        if (secrets.FirstOrDefault(s => s.Trim().Length >= PlaintextLeak.MinimumLength && e.Message.Contains(s.Trim(), StringComparison.Ordinal)) is { } secret)
        {
            throw new RoundTripException($"a refusal that shows a value ({RoundTripCase.Escape(secret)}): {e.Message}", e);
        }
    }

    /// <summary>
    /// The plaintext of every value and comment the encryption turned into an envelope, and every text that
    /// stays readable (keys, clear values and comments). With no encrypted tree, every value counts as secret.
    /// </summary>
    private static (List<string> Secrets, List<string> Clear) SecretsAndClear(ImmutableArray<Mapping> plain, ImmutableArray<Mapping>? encrypted)
    {
        var secrets = new List<string>();
        var clear = new List<string>();
        for (var i = 0; i < plain.Length; i++)
        {
            Walk(plain[i], encrypted?[i], secrets, clear);
        }

        return (secrets, clear);
    }

    private static void Walk(Node plain, Node? encrypted, List<string> secrets, List<string> clear)
    {
        switch (plain)
        {
            case Mapping m:
                for (var i = 0; i < m.Items.Length; i++)
                {
                    Walk(m.Items[i], (encrypted as Mapping)?.Items[i], secrets, clear);
                }

                break;
            case Sequence s:
                for (var i = 0; i < s.Items.Length; i++)
                {
                    Walk(s.Items[i], (encrypted as Sequence)?.Items[i], secrets, clear);
                }

                break;
            case Pair p:
                clear.Add(p.Key);
                Walk(p.Value, (encrypted as Pair)?.Value, secrets, clear);
                break;
            case Comment c:
                (encrypted is null || Crypto.EncryptedValue.LooksEncrypted(((Comment)encrypted).Text) ? secrets : clear).Add(c.Text);
                break;
            case Scalar s:
                (encrypted is null || Crypto.EncryptedValue.LooksEncrypted(((Scalar)encrypted).Text) ? secrets : clear).Add(s.Text);
                break;
        }
    }

    /// <summary>The same tree up to the spelling of values: kinds and sops's canonical text (what the MAC hashes) agree.</summary>
    private static bool SameValues(Node? a, Node? b) => (a, b) switch
    {
        (Mapping x, Mapping y) => x.Items.Length == y.Items.Length && x.Items.Zip(y.Items).All(p => SameValues(p.First, p.Second)),
        (Sequence x, Sequence y) => x.Items.Length == y.Items.Length && x.Items.Zip(y.Items).All(p => SameValues(p.First, p.Second)),
        (Pair x, Pair y) => x.Key == y.Key && SameValues(x.Value, y.Value),
        (Comment x, Comment y) => x.Text == y.Text,
        (Scalar x, Scalar y) => x.Kind == y.Kind && Values.Canonical.Bytes(x).AsSpan().SequenceEqual(Values.Canonical.Bytes(y)),
        _ => false,
    };

    private static IEnumerable<string> Texts(Node node) => node switch
    {
        Mapping m => m.Items.SelectMany(Texts),
        Sequence s => s.Items.SelectMany(Texts),
        Pair p => Texts(p.Value).Prepend(p.Key),
        Scalar s => [s.Text],
        Comment c => [c.Text],
        _ => [],
    };

    private sealed record Encrypted(byte[] Output, ImmutableArray<Mapping> Plain, SopsMetadata Metadata, ImmutableArray<StoreWarning> Warnings);
}
