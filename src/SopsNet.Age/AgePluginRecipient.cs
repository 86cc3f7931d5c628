namespace SopsNet.Age;

/// <summary>
/// A plugin recipient, <c>age1NAME1…</c> (YubiKey, TPM, Secure Enclave…): wrapping runs
/// <c>age-plugin-NAME --age-plugin=recipient-v1</c>, as age's plugin client does.
/// </summary>
public sealed class AgePluginRecipient : IAgeRecipient
{
    private readonly AgeHost host;

    private AgePluginRecipient(string text, string name, AgeHost host)
    {
        Text = text;
        Name = name;
        this.host = host;
    }

    public string Text { get; }

    /// <summary>The plugin name: the binary is <c>age-plugin-NAME</c>.</summary>
    public string Name { get; }

    /// <summary>Null when <paramref name="text"/> is not a valid plugin recipient.</summary>
    internal static AgePluginRecipient? TryParse(string text, AgeHost host) =>
        AgePluginName.OfRecipient(text) is { } name ? new AgePluginRecipient(text, name, host) : null;

    public AgeWrappedKey Wrap(ReadOnlySpan<byte> fileKey, Action<Span<byte>> random)
    {
        using var plugin = AgePluginConnection.Start(Name, "recipient-v1", host, $"recipient {Text}");

        // Phase 1: what to wrap, and to whom. extension-labels lets the plugin say its stanzas are
        // post-quantum (or must stand alone), as age 1.3 asks.
        plugin.Write("add-recipient", Text);
        plugin.Write(new AgeStanza("wrap-file-key", [], fileKey.ToArray()));
        plugin.Write("extension-labels");
        plugin.Write("done");

        // Phase 2: the plugin's stanzas, labels or error.
        var stanzas = new List<AgeStanza>();
        IReadOnlyList<string>? labels = null;
        while (plugin.Read() is var command && command.Type != "done")
        {
            switch (command.Type)
            {
                case "recipient-stanza":
                    // One file key was sent, so every stanza must be for file 0.
                    if (command.Args.Count < 2 || command.Args[0] != "0")
                    {
                        throw plugin.Failed("sent a malformed recipient-stanza");
                    }

                    stanzas.Add(new AgeStanza(command.Args[1], command.Args.Skip(2).ToList(), command.Body));
                    plugin.Write("ok");
                    break;
                case "labels":
                    if (labels is not null)
                    {
                        throw plugin.Failed("sent labels twice");
                    }

                    labels = command.Args;
                    plugin.Write("ok");
                    break;
                case "error":
                    plugin.Write("ok");
                    throw new AgeException(plugin.ErrorText(command));
                default:
                    plugin.Write("unsupported");
                    break;
            }
        }

        if (stanzas.Count == 0)
        {
            throw plugin.Failed("returned no recipient stanza");
        }

        return new AgeWrappedKey(stanzas, labels ?? []);
    }

    public override string ToString() => Text;
}
