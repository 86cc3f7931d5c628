namespace SopsNet.Cli.Parsing;

/// <summary>
/// sops 3.13.2's top-level flags (cmd/sops/main.go:1676-1884, app.Flags plus the key service flags and
/// urfave/cli's --version/--help), as data: sopsnet reads the sops top-level form (<c>sops -d file</c>,
/// <c>sops --verbose decrypt file</c>) with this table before System.CommandLine sees the arguments.
/// </summary>
internal static class SopsFlags
{
    public static IReadOnlyList<SopsFlag> All { get; } =
    [
        Flag("decrypt", 'd'), Flag("encrypt", 'e'), Flag("rotate", 'r'),
        Flag("disable-version-check"), Flag("check-for-updates"),
        Value("kms", 'k'), Value("aws-profile"), Value("gcp-kms"), Value("hckms"), Value("azure-kv"),
        Value("hc-vault-transit"), Value("pgp", 'p'), Value("age", 'a'),
        Flag("in-place", 'i'), Value("extract"), Value("input-type"), Value("output-type"),
        Flag("show-master-keys", 's'),
        Value("add-gcp-kms"), Value("rm-gcp-kms"), Value("add-hckms"), Value("rm-hckms"),
        Value("add-azure-kv"), Value("rm-azure-kv"), Value("add-kms"), Value("rm-kms"),
        Value("add-hc-vault-transit"), Value("rm-hc-vault-transit"), Value("add-age"), Value("rm-age"),
        Value("add-pgp"), Value("rm-pgp"),
        Flag("ignore-mac"), Flag("mac-only-encrypted"),
        Value("unencrypted-suffix"), Value("encrypted-suffix"), Value("unencrypted-regex"), Value("encrypted-regex"),
        Value("unencrypted-comment-regex"), Value("encrypted-comment-regex"),
        Value("config"), Value("encryption-context"), Value("set"), Value("shamir-secret-sharing-threshold"),
        Value("indent"), Flag("verbose"), Value("output"), Value("filename-override"), Value("decryption-order"),
        Flag("enable-local-keyservice"), Value("keyservice"),

        // Ours: sops has no colour to turn off, but sopsnet's top-level form takes it like any global flag.
        Flag("no-color"),
    ];

    public static SopsFlag Decrypt { get; } = Find("decrypt");

    public static SopsFlag Encrypt { get; } = Find("encrypt");

    public static SopsFlag Rotate { get; } = Find("rotate");

    public static SopsFlag Set { get; } = Find("set");

    public static SopsFlag? Lookup(string token) => All.FirstOrDefault(f => f.Matches(token));

    private static SopsFlag Find(string name) => All.First(f => f.Name == name);

    private static SopsFlag Flag(string name, char? alias = null) => new(name, alias, false);

    private static SopsFlag Value(string name, char? alias = null) => new(name, alias, true);
}
