namespace SopsNet.Age;

/// <summary>Parses the recipient strings sops accepts (the <c>recipient</c> field of an age key).</summary>
public static class AgeRecipients
{
    public static IAgeRecipient Parse(string recipient)
    {
        var text = recipient.Trim();
        if (text.StartsWith("age1pq1", StringComparison.Ordinal))
        {
            throw new AgeException($"age: recipient \"{text}\" is a hybrid post-quantum (age1pq1…) recipient, which is not supported yet");
        }

        // Like sops: an age1 string with a second '1' is a plugin recipient (age1<plugin-name>1…),
        // since the Bech32 data alphabet has no '1'.
        if (text.StartsWith("age1", StringComparison.Ordinal) && text.Count(c => c == '1') > 1)
        {
            var name = text[4..text.IndexOf('1', 4)];
            throw new AgeException($"age: recipient \"{text}\" needs the age plugin \"age-plugin-{name}\"; plugin recipients are not supported");
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

        throw new AgeException($"age: malformed recipient \"{text}\": expected age1…, ssh-ed25519 AAAA… or ssh-rsa AAAA…");
    }
}
