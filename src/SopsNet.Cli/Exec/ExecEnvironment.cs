using System.Globalization;
using SopsNet.Cli.Output;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Cli.Exec;

/// <summary>
/// The variables exec-env gives its child, built from decrypted trees. sops itself only takes flat
/// top-level string values (getsops/sops#718, #1154); here nested values are joined along their path, so
/// <c>db: {password: x}</c> becomes <c>db__password=x</c>. Trees are added in order and a later tree's
/// variable replaces an earlier one of the same name, as later files win. Error messages name the tree
/// path, never a value.
/// </summary>
internal sealed class ExecEnvironment
{
    private readonly EnvNaming naming;
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly List<string> order = [];
    private readonly HashSet<string> maskable = new(StringComparer.Ordinal);

    public ExecEnvironment(EnvNaming naming)
    {
        if (naming.Separator.Contains('=') || naming.Separator.Contains('\0') || naming.Prefix.Contains('=') || naming.Prefix.Contains('\0'))
        {
            throw new SopsException(SopsError.Generic, "--separator and --prefix cannot contain '=' or NUL: an environment variable name cannot");
        }

        this.naming = naming;
    }

    /// <summary>The variables in first-seen order, each with its last value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables => order.Select(n => KeyValuePair.Create(n, values[n])).ToList();

    /// <summary>
    /// The values --mask hides: those that were encrypted in their file, except booleans. Values the file
    /// kept in clear (_unencrypted, an unencrypted rule) are not secrets, and masking them, or true/false,
    /// would turn the CI log into asterisks until people switch masking off.
    /// </summary>
    public IReadOnlyList<string> MaskableValues => order.Where(maskable.Contains).Select(n => values[n]).ToList();

    /// <summary>
    /// Whether a shell keeps the name: dash (Debian's /bin/sh) silently drops inherited variables whose
    /// names are not identifiers (<c>db-password</c>, <c>foo </c>) before running the command, as it does
    /// under sops.
    /// </summary>
    public static bool IsShellName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>
    /// Adds every value under <paramref name="root"/> (a mapping or a list). Two paths of the same tree that
    /// end up with one name (<c>a__b</c> and <c>a: {b}</c>, or <c>db</c> and <c>DB</c> with --upper) are an
    /// error instead of a silent pick.
    /// </summary>
    /// <param name="at">Where <paramref name="root"/> sits in its file (--extract); names start below it, messages show the whole path.</param>
    /// <param name="wasEncrypted">Whether the value at a path was encrypted in the file; without it every value counts as encrypted.</param>
    /// <returns>The names this tree set.</returns>
    public IReadOnlyCollection<string> Add(Node root, TreePath? at = null, Func<TreePath, bool>? wasEncrypted = null)
    {
        at ??= TreePath.Root;
        if (root is not (Mapping or Sequence))
        {
            throw new SopsException(SopsError.Generic, $"{at}: is not a mapping or a list, so it has no keys to name variables after");
        }

        var seen = new Dictionary<string, TreePath>(StringComparer.Ordinal);
        foreach (var (path, scalar) in Leaves(root, [.. at.Segments]))
        {
            var name = Name(path, at.Segments.Count);
            if (seen.TryGetValue(name, out var other))
            {
                throw new SopsException(SopsError.Generic, $"{other} and {path} both become the variable {name}");
            }

            seen[name] = path;
            if (!values.ContainsKey(name))
            {
                order.Add(name);
            }

            values[name] = Value(scalar, path);
            if (scalar.Kind != ScalarKind.Bool && (wasEncrypted?.Invoke(path) ?? true))
            {
                maskable.Add(name);
            }
            else
            {
                maskable.Remove(name);
            }
        }

        return seen.Keys;
    }

    private string Name(TreePath path, int skip)
    {
        var parts = path.Segments.Skip(skip).ToList();
        foreach (var segment in parts)
        {
            if (segment is string key && (key.Contains('=') || key.Contains('\0')))
            {
                throw new SopsException(SopsError.Generic, $"{path}: a key containing '=' or NUL cannot be part of an environment variable name");
            }
        }

        var name = naming.Prefix + string.Join(naming.Separator, parts.Select(s => s is int i ? i.ToString(CultureInfo.InvariantCulture) : (string)s));
        if (name.Length == 0)
        {
            throw new SopsException(SopsError.Generic, $"{path}: an empty key gives an empty variable name; use --prefix");
        }

        return naming.Upper ? name.ToUpperInvariant() : name;
    }

    private static string Value(Scalar scalar, TreePath path)
    {
        if (scalar.Raw is not null)
        {
            throw new SopsException(SopsError.Generic, $"{path}: the value is not UTF-8 text and cannot be an environment variable");
        }

        var text = scalar.Kind switch
        {
            ScalarKind.Null => "",

            // A bool may be spelled any way Go's ParseBool takes (True, 1, t); the child sees true/false.
            ScalarKind.Bool when GoFormat.TryParseBool(scalar.Text, out var b) => b ? "true" : "false",
            _ => scalar.Text,
        };
        if (text.Contains('\0'))
        {
            throw new SopsException(SopsError.Generic, $"{path}: the value contains NUL, which an environment variable cannot hold");
        }

        return text;
    }

    private static IEnumerable<(TreePath Path, Scalar Value)> Leaves(Node node, List<object> prefix)
    {
        switch (node)
        {
            case Scalar s:
                yield return (new TreePath(prefix.ToArray()), s);
                break;
            case Mapping m:
                foreach (var pair in m.Pairs)
                {
                    foreach (var leaf in Leaves(pair.Value, [.. prefix, pair.Key]))
                    {
                        yield return leaf;
                    }
                }

                break;
            case Sequence seq:
                var index = 0;
                foreach (var item in seq.Items.Where(i => i is not Comment))
                {
                    foreach (var leaf in Leaves(item, [.. prefix, index++]))
                    {
                        yield return leaf;
                    }
                }

                break;
        }
    }
}
