using System.Collections.Immutable;
using System.Text;
using SopsNet.Stores.Json;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;

namespace SopsNet.Stores.Binary;

/// <summary>
/// sops's binary store: the whole file is one string value under the key <c>data</c> (AAD <c>data:</c>),
/// and the encrypted file is the JSON wrapper <c>{"data": "ENC[…]", "sops": {…}}</c>. Bytes that are not
/// valid UTF-8 travel in <see cref="Scalar.Raw"/>, since sops's Go strings are byte strings and encrypt
/// them as <c>type:str</c> unchanged. A wrapper written as YAML (<c>sops encrypt --output-type yaml</c> of
/// a binary file) reads too and is written back as YAML.
/// </summary>
public sealed class BinaryStore : IStore
{
    private const string DataKey = "data";

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly JsonStore json;

    private readonly YamlStore yaml = new();

    /// <param name="indent">The JSON wrapper's indentation (stores.json_binary.indent): -1 is one tab.</param>
    public BinaryStore(int indent = -1)
    {
        json = new JsonStore(indent);
    }

    public StoreDocument Parse(byte[] content)
    {
        if (TryParseWrapper(content) is { } wrapper)
        {
            return wrapper;
        }

        return new StoreDocument([new Mapping([new Pair(DataKey, ToScalar(content))])], null);
    }

    public byte[] Write(ImmutableArray<Mapping> documents, Mapping? metadata, StoreDocument? original)
    {
        if (documents.Length != 1)
        {
            throw new StoreException($"binary: a file holds exactly one document, not {documents.Length}");
        }

        if (metadata is not null)
        {
            // Always sops's fresh JSON layout: the wrapper is machine-made, there is nothing to keep. A
            // YAML wrapper stays YAML.
            return original?.Source is YamlFileSource
                ? yaml.Write(documents, metadata, original)
                : json.Write(documents, metadata, original: null);
        }

        return documents[0][DataKey] switch
        {
            Scalar { Kind: ScalarKind.String, Raw: { } raw } => raw,
            Scalar { Kind: ScalarKind.String } s => Encoding.UTF8.GetBytes(s.Text),
            null => throw new StoreException("binary: the document has no data value to write", path: "[\"data\"]"),
            _ => throw new StoreException("binary: the data value must be a string", path: "[\"data\"]"),
        };
    }

    /// <summary>As in sops: a binary file has no structure, so there is no single value to print.</summary>
    public byte[] WriteValue(Node value) =>
        throw new StoreException("binary: a binary file is not structured, so a single value cannot be printed");

    /// <summary>
    /// An encrypted binary file is a JSON object with both <c>data</c> and <c>sops</c>; anything else,
    /// JSON or not, is plaintext to be stored whole. (sops knows which one it reads from the command;
    /// one Parse has to tell them apart by content.)
    /// </summary>
    private StoreDocument? TryParseWrapper(byte[] content)
    {
        if (content.AsSpan().StartsWith("sops:"u8) || content.AsSpan().IndexOf("\nsops:"u8) >= 0)
        {
            return TryParseYamlWrapper(content);
        }

        var start = JsonOriginal.HasBom(content) ? 3 : 0;
        while (start < content.Length && content[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start >= content.Length || content[start] != (byte)'{')
        {
            return null;
        }

        try
        {
            var parsed = json.Parse(content);
            return parsed.Metadata is not null && parsed.Documents[0][DataKey] is not null ? parsed : null;
        }
        catch (StoreException)
        {
            return null;
        }
    }

    /// <summary>A YAML document that holds the <c>data</c> string and the <c>sops</c> block, and nothing else.</summary>
    private StoreDocument? TryParseYamlWrapper(byte[] content)
    {
        try
        {
            var parsed = yaml.Parse(content);
            return parsed is { Metadata: not null, Documents: [{ Items: [Pair { Key: DataKey, Value: Scalar { Kind: ScalarKind.String } }] }] } ? parsed : null;
        }
        catch (StoreException)
        {
            return null;
        }
    }

    private static Scalar ToScalar(byte[] content)
    {
        try
        {
            return Scalar.String(StrictUtf8.GetString(content));
        }
        catch (DecoderFallbackException)
        {
            // The text is only for display; the engine encrypts and MACs the raw bytes.
            return Scalar.String(Encoding.UTF8.GetString(content)) with { Raw = content };
        }
    }
}
