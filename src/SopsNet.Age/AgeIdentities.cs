namespace SopsNet.Age;

/// <summary>Parses identity text: age key files and SSH private keys.</summary>
public static class AgeIdentities
{
    /// <summary>
    /// Parses an age key file: one identity per line, several whitespace-separated ones allowed (sops
    /// 3.13 <c>SOPS_AGE_KEY</c>), blank and <c>#</c> lines skipped. A passphrase-protected identity file
    /// (an age file itself) is decrypted first with a passphrase asked through <paramref name="host"/>,
    /// which plugin identities also use to find their plugin and reach the user. Messages name
    /// <paramref name="source"/> and a line number, never key text.
    /// </summary>
    public static IReadOnlyList<IAgeIdentity> ParseKeyFile(string text, string source, AgeHost? host = null)
    {
        host ??= AgeHost.None;
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith(AgeHeader.Intro, StringComparison.Ordinal) || AgeArmor.IsArmored(trimmed))
        {
            return ParseKeyFile(DecryptIdentityFile(text, source, host), source, host);
        }

        var identities = new List<IAgeIdentity>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            foreach (var token in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                identities.Add(ParseOne(token, $"{source} line {i + 1}", host));
            }
        }

        return identities;
    }

    /// <summary>
    /// Parses an SSH private key file (OpenSSH ed25519/rsa, PEM rsa). A passphrase-protected OpenSSH key
    /// asks for its passphrase through <paramref name="host"/>, and only once a file has a stanza for it.
    /// </summary>
    public static IAgeIdentity ParseSshPrivateKey(string text, string source, AgeHost? host = null) =>
        SshPrivateKey.Parse(text, source, host ?? AgeHost.None);

    private static IAgeIdentity ParseOne(string token, string where, AgeHost host)
    {
        if (token.StartsWith("AGE-SECRET-KEY-PQ-1", StringComparison.Ordinal))
        {
            try
            {
                return HybridIdentity.Parse(token);
            }
            catch (AgeException)
            {
                throw new AgeException($"age: malformed identity in {where}: invalid AGE-SECRET-KEY-PQ-1… (bad checksum or length)");
            }
        }

        if (token.StartsWith("AGE-PLUGIN-", StringComparison.Ordinal))
        {
            return AgePluginIdentity.TryParse(token, where, host)
                ?? throw new AgeException($"age: malformed identity in {where}: invalid AGE-PLUGIN-NAME-1… plugin identity");
        }

        if (token.StartsWith("AGE-SECRET-KEY-1", StringComparison.Ordinal))
        {
            try
            {
                return X25519Identity.Parse(token);
            }
            catch (AgeException)
            {
                throw new AgeException($"age: malformed identity in {where}: invalid AGE-SECRET-KEY-1… (bad checksum or length)");
            }
        }

        throw new AgeException($"age: malformed identity in {where}: unknown identity type (expected AGE-SECRET-KEY-1…, AGE-SECRET-KEY-PQ-1… or AGE-PLUGIN-…)");
    }

    private static string DecryptIdentityFile(string text, string source, AgeHost host)
    {
        var passphrase = host.RequestValue($"Enter passphrase for identity file \"{source}\":", true)
            ?? throw new AgeException($"age: identity file {source} is passphrase-protected and no passphrase was given");
        var identity = new ScryptIdentity(passphrase, source);
        try
        {
            var bytes = AgeFile.Decrypt(System.Text.Encoding.UTF8.GetBytes(text), [identity]);
            return System.Text.Encoding.UTF8.GetString(bytes);
        }
        catch (AgeNoIdentityMatchedException)
        {
            throw new AgeException($"age: identity file {source} is encrypted, but not with a passphrase");
        }
    }
}
