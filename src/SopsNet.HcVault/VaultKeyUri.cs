namespace SopsNet.HcVault;

/// <summary>
/// A transit key as users write it, <c>https://vault:8200/v1/ENGINE/PATH/keys/NAME</c>, split as sops
/// splits it: the address is scheme, host and port; the engine path is everything between <c>/v1/</c> and
/// the last <c>/keys/</c> (it may itself contain slashes).
/// </summary>
public sealed record VaultKeyUri(string Address, string EnginePath, string KeyName)
{
    public static VaultKeyUri Parse(string text)
    {
        var value = text.Trim();
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"vault transit uri {value}: not an http(s) url");
        }

        var path = uri.AbsolutePath;
        var keys = path.LastIndexOf("/keys/", StringComparison.Ordinal);
        if (!path.StartsWith("/v1/", StringComparison.Ordinal) || keys < 4)
        {
            throw new ArgumentException($"vault transit uri {value}: expected {uri.GetLeftPart(UriPartial.Authority)}/v1/ENGINE_PATH/keys/KEY_NAME");
        }

        var engine = path[4..keys].Trim('/');
        var name = path[(keys + "/keys/".Length)..].Trim('/');
        if (engine.Length == 0 || name.Length == 0 || name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"vault transit uri {value}: expected {uri.GetLeftPart(UriPartial.Authority)}/v1/ENGINE_PATH/keys/KEY_NAME");
        }

        return new VaultKeyUri(uri.GetLeftPart(UriPartial.Authority), engine, name);
    }

    public override string ToString() => $"{Address}/v1/{EnginePath}/keys/{KeyName}";
}
