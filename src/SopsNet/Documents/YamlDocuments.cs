using System.Text;

namespace SopsNet.Documents;

/// <summary>What go-yaml sees in a YAML file before sops gets the documents.</summary>
public static class YamlDocuments
{
    /// <summary>
    /// True when the stream holds no document at all (only blank lines and comments): go-yaml then yields
    /// none, and sops refuses to encrypt it with exit 92 (cmd/sops/encrypt.go validateFileForEncryption).
    /// Our YAML store reads such a stream as one empty document, to keep its comments, so the check is here.
    /// </summary>
    public static bool IsEmptyStream(byte[] content)
    {
        // Speed: stops at the first line of data, instead of splitting a large file into a string per line.
        var text = Encoding.UTF8.GetString(content).AsSpan().TrimStart('\uFEFF');
        foreach (var range in text.SplitAny('\r', '\n')) // a lone CR is a line break in YAML too
        {
            if (text[range].Trim() is [not '#', ..])
            {
                return false;
            }
        }

        return true;
    }
}
