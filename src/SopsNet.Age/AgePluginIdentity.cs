namespace SopsNet.Age;

/// <summary>
/// A plugin identity, <c>AGE-PLUGIN-NAME-1…</c>: unwrapping hands the file's stanzas to
/// <c>age-plugin-NAME --age-plugin=identity-v1</c>, as age's plugin client does. The identity text is
/// only ever given to the plugin, never shown.
/// </summary>
public sealed class AgePluginIdentity : IAgeIdentity
{
    private readonly string text;
    private readonly string source;
    private readonly AgeHost host;

    private AgePluginIdentity(string text, string name, string source, AgeHost host)
    {
        this.text = text;
        this.source = source;
        this.host = host;
        Name = name;
        Description = $"age-plugin-{name} identity ({source})";
    }

    /// <summary>The plugin name: the binary is <c>age-plugin-NAME</c>.</summary>
    public string Name { get; }

    public string Description { get; }

    /// <summary>Null when <paramref name="text"/> is not a valid plugin identity.</summary>
    internal static AgePluginIdentity? TryParse(string text, string source, AgeHost host) =>
        AgePluginName.OfIdentity(text) is { } name ? new AgePluginIdentity(text, name, source, host) : null;

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas)
    {
        using var plugin = AgePluginConnection.Start(Name, "identity-v1", host, $"the plugin identity in {source}");

        // Phase 1: the identity and every stanza of the one file (index 0); plugins ignore stanza types
        // they do not know.
        plugin.Write("add-identity", text);
        foreach (var stanza in stanzas)
        {
            plugin.Write(new AgeStanza("recipient-stanza", ["0", stanza.Type, .. stanza.Args], stanza.Body));
        }

        plugin.Write("done");

        // Phase 2: at most one file key, or an error.
        byte[]? fileKey = null;
        while (plugin.Read() is var command && command.Type != "done")
        {
            switch (command.Type)
            {
                case "file-key":
                    if (command.Args.Count != 1 || command.Args[0] != "0" || fileKey is not null)
                    {
                        throw plugin.Failed("sent a malformed or repeated file-key");
                    }

                    fileKey = command.Body;
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

        // No file key and no error: none of the stanzas is for this identity.
        return fileKey;
    }
}
