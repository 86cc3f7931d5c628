namespace SopsNet.Age;

/// <summary>Parses the recipient strings sops accepts (the <c>recipient</c> field of an age key).</summary>
public static class AgeRecipients
{
    /// <summary>
    /// Parses one recipient, in sops's order of checks. <paramref name="host"/> is where plugin recipients
    /// find their plugin and the user; without it they cannot be wrapped for.
    /// </summary>
    public static IAgeRecipient Parse(string recipient, AgeHost? host = null)
    {
        var text = recipient.Trim();
        if (text.StartsWith("age1pq1", StringComparison.Ordinal))
        {
            return HybridRecipient.Parse(text);
        }

        // Like sops: an age1 string with a second '1' is a plugin recipient (age1<plugin-name>1…),
        // since the Bech32 data alphabet has no '1'.
        if (text.StartsWith("age1", StringComparison.Ordinal) && text.Count(c => c == '1') > 1)
        {
            return AgePluginRecipient.TryParse(text, host ?? AgeHost.None)
                ?? throw new AgeException($"age: malformed recipient \"{text}\": not a valid age1NAME1… plugin recipient");
        }

        if (text.StartsWith("age1", StringComparison.Ordinal))
        {
            return X25519Recipient.Parse(text);
        }

        if (text.StartsWith("ssh-ed25519 ", StringComparison.Ordinal))
        {
            return SshEd25519Recipient.Parse(text);
        }

        if (text.StartsWith("ssh-rsa ", StringComparison.Ordinal))
        {
            return SshRsaRecipient.Parse(text);
        }

        if (text.StartsWith("ssh-", StringComparison.Ordinal) || text.StartsWith("ecdsa-", StringComparison.Ordinal) || text.StartsWith("sk-", StringComparison.Ordinal))
        {
            var kind = text.Split(' ')[0];
            throw new AgeException($"age: malformed recipient \"{text}\": ssh key type \"{kind}\" cannot be an age recipient (only ssh-ed25519 and ssh-rsa)");
        }

        throw new AgeException($"age: malformed recipient \"{text}\": expected age1…, age1pq1…, age1NAME1… (plugin), ssh-ed25519 AAAA… or ssh-rsa AAAA…");
    }
}
