using SopsNet.Cli.Commands;
using SopsNet.Cli.Output;
using SopsNet.Crypto;
using SopsNet.Documents;
using SopsNet.Stores;
using SopsNet.Stores.Binary;
using SopsNet.Tree;

namespace SopsNet.Cli.Exec;

/// <summary>How one encrypted file becomes exec-env variables: which files are refused, and how its documents merge.</summary>
internal static class ExecEnvFile
{
    /// <summary>
    /// A file read as binary (its name says so, <c>.env.staging</c>, <c>secrets.txt</c>, and its content shows
    /// no other format, see <see cref="EncryptedFormat"/>) would become a single variable <c>data</c> holding
    /// the whole file, which is never what was meant; it is refused unless --input-type names its format
    /// (--input-type binary keeps sops's behaviour).
    /// </summary>
    public static void CheckFormat(IStore store, string? inputType)
    {
        if (inputType is null && store is BinaryStore)
        {
            throw new SopsException(SopsError.Generic,
                "read as a binary file (its name does not end in .yaml, .yml, .json, .env, .ini or .toml, and its content is sops's binary format), so its only variable would be 'data' holding the whole file; " +
                "give --input-type dotenv (or yaml, json, ini, toml), or --input-type binary for that one variable");
        }
    }

    /// <summary>
    /// Adds every document of the file in order (sops uses only the first): a later document's value wins, with
    /// a warning naming both documents, so a clash is never silent. With --extract, documents without the path
    /// are skipped; none having it is an error.
    /// </summary>
    public static void AddTo(ExecEnvironment environment, EncryptedFileSession session, TreePath? extract, string file, Reporter reporter)
    {
        var documents = session.Plain.Documents;
        var setBy = new Dictionary<string, int>(StringComparer.Ordinal);
        var found = false;
        for (var d = 0; d < documents.Length; d++)
        {
            var encrypted = session.Encrypted.Documents[d];
            Node? root = extract is null ? documents[d] : TreeEditor.Get(documents[d], extract);
            if (root is null)
            {
                continue;
            }

            found = true;
            var names = environment.Add(root, extract, path => TreeEditor.Get(encrypted, path) is Scalar s && EncryptedValue.LooksEncrypted(s.Text));
            var clashes = names.Where(setBy.ContainsKey).ToList();
            if (clashes.Count > 0)
            {
                var earlier = string.Join(", ", clashes.Select(n => setBy[n] + 1).Distinct().Select(n => $"document {n}"));
                reporter.Warning($"{file}: document {d + 1} sets {string.Join(", ", clashes)} again ({earlier}); document {d + 1}'s value is used");
            }

            foreach (var name in names)
            {
                setBy[name] = d;
            }
        }

        if (!found)
        {
            throw new SopsException(SopsError.InvalidTreePathFormat, $"--extract: {extract}: no such key or index in the file");
        }
    }
}
