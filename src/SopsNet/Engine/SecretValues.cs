using System.Collections.Immutable;
using SopsNet.Crypto;
using SopsNet.Selection;
using SopsNet.Tree;

namespace SopsNet.Engine;

/// <summary>
/// What a selection rule calls secret in a file: how many values it selects, and the first of them that
/// is not encrypted. This is how a check tells "the rule selects nothing here" (a Kubernetes Service under
/// an encrypted_regex rule for Secrets: fine, encrypted or not) from "a secret sits in clear".
/// </summary>
public static class SecretValues
{
    /// <param name="Selected">Values the rule encrypts (null and "" do not count: sops never encrypts them).</param>
    /// <param name="FirstInClear">The path of the first selected value that is not an <c>ENC[…]</c> envelope, or null.</param>
    public sealed record Verdict(int Selected, TreePath? FirstInClear);

    public static Verdict Find(ImmutableArray<Mapping> documents, SelectionRule rule)
    {
        var selected = 0;
        TreePath? inClear = null;
        var walker = new TreeWalker(rule, (leaf, ctx) =>
        {
            if (ctx.Encrypt && leaf is Scalar { Text.Length: > 0 } scalar)
            {
                selected++;
                if (inClear is null && !(scalar.Kind == ScalarKind.String && scalar.Text.StartsWith(EncryptedValue.Prefix, StringComparison.Ordinal)))
                {
                    inClear = ctx.Path;
                }
            }

            return leaf;
        });
        foreach (var document in documents)
        {
            walker.Walk(document);
        }

        return new Verdict(selected, inClear);
    }
}
