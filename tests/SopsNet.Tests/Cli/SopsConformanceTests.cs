using System.Text;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// sops 3.13.2's command line, one row per command, flag and exit-code condition of its sources
/// (getsops/sops at commit 15e36f97; the first column names the line). Each row runs the call in a fresh
/// directory and checks what a script notices: the exit code, standard output, and which files changed.
/// When a new sops release changes cmd/sops, diff its sources against these rows.
/// </summary>
/// <remarks>
/// Every directory has <c>enc.yaml</c> (encrypted for the demo key: <c>a: secret</c> and a list),
/// <c>plain.yaml</c>, an empty <c>empty.yaml</c> and a <c>.sops.yaml</c> whose rule names the demo key
/// (<c>indent.sops.yaml</c> is the same with <c>stores.yaml.indent: 2</c>);
/// <c>missing.yaml</c> does not exist. In the arguments, <c>|</c> separates words, <c>{R}</c> is the
/// demo recipient and <c>{R2}</c> another one. Expected stdout: "" nothing, "*" anything, else a
/// substring. Effects: "none" (no file changed or appeared), or the one file that changed or appeared
/// (encrypted, changed or created: it decrypts; written: plaintext; "has X": it contains X).
/// Rows marked "sopsnet:" are sopsnet's own where sops cannot be followed (see the README).
/// </remarks>
public sealed class SopsConformanceTests : IDisposable
{
    private const string Plain = "a: plain\n";

    /// <summary>A value of every type sops has, for the --extract rows.</summary>
    private const string ExtractSource =
        "s: secret\nn: 42\nf: 1000000.5\nb: true\nz: null\nt: 2024-01-01T00:00:00Z\n" +
        "m:\n    k: v\n    n: 1\nl:\n    - x\n    - 1\n    - a<b\nlm:\n    - a: 1\n      b: 2\n" +
        "sec:\n    db:\n        k: v\ndata:\n    data: raw\ne: []\n";
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    // The top level: sops's main action (cmd/sops/main.go:1885) and its flags (main.go:1676-1884).
    [InlineData("main.go:1896 no file", "", 100, "", "none")]
    [InlineData("main.go:2055 sops FILE edits; unchanged exits 200", "enc.yaml", 200, "", "none", "EDITOR=true")]
    [InlineData("main.go:2062 sops FILE creates a missing file from the example", "missing.yaml", 0, "", "missing.yaml created", "EDITOR=sed -i s/example_value/changed/")]
    [InlineData("edit.go:243 the example left unchanged writes nothing", "missing.yaml", 200, "", "none", "EDITOR=true")]
    [InlineData("main.go:1754 -s shows the master keys while editing", "-s|enc.yaml", 200, "", "none", "EDITOR=true")]
    [InlineData("main.go:1996 -d", "-d|enc.yaml", 0, "a: secret", "none")]
    [InlineData("main.go:1742 --decrypt --extract", "--decrypt|--extract|[\"a\"]|enc.yaml", 0, "secret", "none")]
    [InlineData("main.go:1974 -e", "-e|--age|{R}|plain.yaml", 0, "a: ENC[AES256_GCM,", "none")]
    [InlineData("main.go:2080 -e -i", "-e|-i|--age|{R}|plain.yaml", 0, "", "plain.yaml encrypted")]
    [InlineData("main.go:2013 -r", "-r|enc.yaml", 0, "sops:", "none")]
    [InlineData("main.go:2013 -r -i", "-r|-i|enc.yaml", 0, "", "enc.yaml changed")]
    [InlineData("main.go:2013 -r --add-age", "-r|-i|--add-age|{R2}|enc.yaml", 0, "", "enc.yaml changed")]
    [InlineData("main.go:1909 --add-* on a missing file", "--add-age|{R2}|missing.yaml", 49, "", "none")]
    [InlineData("main.go:1909 --rm-* on a missing file", "-r|--rm-pgp|ABCD|missing.yaml", 49, "", "none")]
    [InlineData("main.go:1912 -r on a missing file", "-r|missing.yaml", 100, "", "none")]
    [InlineData("main.go:1912 -d on a missing file", "-d|missing.yaml", 100, "", "none")]
    [InlineData("main.go:1912 -e on a missing file", "-e|--age|{R}|missing.yaml", 100, "", "none")]
    [InlineData("main.go:1900 -i with --output", "-d|-i|--output|out.yaml|enc.yaml", 8, "", "none")]
    [InlineData("main.go:2024 --set", "--set|[\"a\"] \"new\"|enc.yaml", 0, "", "enc.yaml changed")]
    [InlineData("main.go:2589 --set without a value", "--set|[\"a\"]|enc.yaml", 7, "", "none")]
    [InlineData("main.go:2561 --set with a value that is not json", "--set|[\"a\"] {bad|enc.yaml", 7, "", "none")]
    [InlineData("common.go:146 --set on a missing file", "--set|[\"a\"] \"x\"|missing.yaml", 2, "", "none")]
    [InlineData("main.go:62 more than one file: the first is used", "-d|enc.yaml|plain.yaml", 0, "a: secret", "none")]
    [InlineData("main.go:1867 --verbose", "--verbose|-d|enc.yaml", 0, "a: secret", "none")]
    [InlineData("version.go:30 --version", "--version", 0, "sopsnet ", "none")]
    [InlineData("urfave/cli -v", "-v", 0, "(sops 3.13.2 format)", "none")]
    [InlineData("main.go:1690 --disable-version-check --version", "--disable-version-check|--version", 0, "sopsnet ", "none")]
    [InlineData("main.go:1695 --check-for-updates --version", "--check-for-updates|--version", 0, "sopsnet ", "none")]
    [InlineData("urfave/cli help command", "help|decrypt", 0, "--extract", "none")]
    [InlineData("sopsnet: an unknown top-level flag", "--decrypth|enc.yaml", 1, "", "none")]
    // Global flags before the subcommand (sops takes them there) and, in sopsnet, after it too.
    [InlineData("main.go:1867 --verbose before decrypt", "--verbose|decrypt|enc.yaml", 0, "a: secret", "none")]
    [InlineData("main.go:1867 --verbose after decrypt", "decrypt|--verbose|enc.yaml", 0, "a: secret", "none")]
    [InlineData("main.go:1690 --disable-version-check before decrypt", "--disable-version-check|decrypt|enc.yaml", 0, "a: secret", "none")]
    [InlineData("main.go:1695 --check-for-updates after decrypt", "decrypt|--check-for-updates|enc.yaml", 0, "a: secret", "none")]
    [InlineData("main.go:2119 --mac-only-encrypted before encrypt", "--mac-only-encrypted|encrypt|--age|{R}|plain.yaml", 0, "mac_only_encrypted: true", "none")]
    [InlineData("main.go:1838 --unencrypted-comment-regex before encrypt", "--unencrypted-comment-regex|keep|encrypt|--age|{R}|plain.yaml", 0, "unencrypted_comment_regex: keep", "none")]
    [InlineData("main.go:1842 --encrypted-comment-regex before encrypt", "--encrypted-comment-regex|secret|encrypt|--age|{R}|plain.yaml", 0, "encrypted_comment_regex: secret", "none")]
    [InlineData("main.go:1859 --shamir-secret-sharing-threshold before updatekeys", "--shamir-secret-sharing-threshold|2|updatekeys|-y|enc.yaml", 0, "", "enc.yaml has shamir_threshold: 1")]
    [InlineData("main.go:1846 --config before decrypt", "--config|.sops.yaml|decrypt|enc.yaml", 0, "a: secret", "none")]
    [InlineData("main.go:1846 --config after decrypt", "decrypt|--config|.sops.yaml|enc.yaml", 0, "a: secret", "none")]
    [InlineData("main.go:2391 --indent before decrypt", "--indent|2|decrypt|enc.yaml", 0, "list:\n  - x", "none")]
    [InlineData("main.go:1814 --ignore-mac before decrypt", "--ignore-mac|decrypt|enc.yaml", 0, "a: secret", "none")]
    [InlineData("main.go:1879 --decryption-order before decrypt", "--decryption-order|age|decrypt|enc.yaml", 0, "a: secret", "none")]
    [InlineData("main.go:2615 a key type twice in --decryption-order", "decrypt|--decryption-order|age,age|enc.yaml", 112, "", "none")]
    [InlineData("main.go:83 --enable-local-keyservice", "--enable-local-keyservice|decrypt|enc.yaml", 0, "a: secret", "none")]
    [InlineData("main.go:88 --keyservice (local keys suffice)", "--keyservice|tcp://127.0.0.1:1|decrypt|enc.yaml", 0, "a: secret", "none")]
    [InlineData("main.go:88 --keyservice after decrypt", "decrypt|--keyservice|unix:///nowhere.sock|enc.yaml", 0, "a: secret", "none")]
    [InlineData("common.go:88 no key service left: no key opens the file", "--enable-local-keyservice=false|decrypt|enc.yaml", 128, "", "none")]
    [InlineData("sopsnet: a flag before the subcommand that it takes applies to it", "--output-type|json|decrypt|enc.yaml", 0, "\"a\": \"secret\"", "none")]
    // decrypt (main.go:786)
    [InlineData("main.go:844 decrypt a missing file", "decrypt|missing.yaml", 100, "", "none")]
    [InlineData("main.go:834 decrypt -i --output", "decrypt|-i|--output|out.yaml|enc.yaml", 8, "", "none")]
    [InlineData("main.go:830 decrypt -i from stdin", "decrypt|-i", 8, "", "none")]
    [InlineData("main.go:875 decrypt --extract with a bad path", "decrypt|--extract|bad|enc.yaml", 91, "", "none")]
    [InlineData("decrypt.go:90 decrypt --extract a string", "decrypt|--extract|[\"a\"]|enc.yaml", 0, "secret", "none")]
    [InlineData("sops.go:324 decrypt --extract of a key the file does not have", "decrypt|--extract|[\"nope\"]|enc.yaml", 1, "", "none")]
    [InlineData("sops.go:331 decrypt --extract of an index past the list", "decrypt|--extract|[\"list\"][2]|enc.yaml", 1, "", "none")]
    [InlineData("decrypt.go:95 decrypt --extract a list: the bare list (go-yaml quotes the YAML 1.1 bool y)", "decrypt|--extract|[\"list\"]|enc.yaml", 0, "- x\n- \"y\"\n", "none")]
    [InlineData("main.go:910 decrypt --output", "decrypt|--output|out.yaml|enc.yaml", 0, "", "out.yaml written")]
    [InlineData("main.go:807 decrypt --output-type json", "decrypt|--output-type|json|enc.yaml", 0, "\"a\": \"secret\"", "none")]
    [InlineData("main.go:815 decrypt --filename-override", "decrypt|--filename-override|other.yaml|enc.yaml", 0, "a: secret", "none")]
    [InlineData("main.go:811 decrypt --ignore-mac", "decrypt|--ignore-mac|enc.yaml", 0, "a: secret", "none")]
    [InlineData("sopsnet: decrypt with a misspelled option", "decrypt|--extrct|x|enc.yaml", 1, "", "none")]
    [InlineData("sops.go:78 decrypt a plaintext file", "decrypt|plain.yaml", 1, "", "none")]
    // encrypt (main.go:922)
    [InlineData("main.go:1035 encrypt a missing file", "encrypt|--age|{R}|missing.yaml", 100, "", "none")]
    [InlineData("main.go:1017 encrypt -i from stdin", "encrypt|-i|--age|{R}", 8, "", "none")]
    [InlineData("main.go:1020 encrypt from stdin without a file name", "encrypt|--age|{R}", 8, "", "none")]
    [InlineData("main.go:1025 encrypt -i --output", "encrypt|-i|--output|out.yaml|--age|{R}|plain.yaml", 8, "", "none")]
    [InlineData("encrypt.go:74 encrypt an encrypted file", "encrypt|--age|{R}|enc.yaml", 203, "", "none")]
    [InlineData("encrypt.go:71 encrypt an empty yaml file", "encrypt|--age|{R}|empty.yaml", 92, "", "none")]
    [InlineData("encrypt.go:126 a key that cannot wrap the data key", "encrypt|--age|age1notarecipient|plain.yaml", 1, "", "none")]
    [InlineData("main.go:2205 two selection rules", "encrypt|--age|{R}|--encrypted-regex|^a|--unencrypted-regex|b|plain.yaml", 8, "", "none")]
    [InlineData("main.go:994 encrypt --encrypted-regex", "encrypt|--age|{R}|--encrypted-regex|^b|plain.yaml", 0, "a: plain", "none")]
    [InlineData("main.go:1079 encrypt -i", "encrypt|-i|--age|{R}|plain.yaml", 0, "", "plain.yaml encrypted")]
    [InlineData("main.go:1094 encrypt --output", "encrypt|--output|out.yaml|--age|{R}|plain.yaml", 0, "", "out.yaml encrypted")]
    [InlineData("sopsnet: a misspelled flag is not taken as the file", "encrypt|--in-plcae|plain.yaml", 1, "", "none")]
    // edit (main.go:1281)
    [InlineData("main.go:1375 edit without a file", "edit", 100, "", "none")]
    [InlineData("edit.go:243 edit without changes", "edit|enc.yaml", 200, "", "none", "EDITOR=true")]
    [InlineData("edit.go:236 the editor fails", "edit|enc.yaml", 201, "", "none", "EDITOR=false")]
    [InlineData("edit.go:236 no editor can be run", "edit|enc.yaml", 201, "", "none", "EDITOR=/nonexistent/editor")]
    [InlineData("main.go:1421 edit creates a missing file", "edit|missing.yaml", 0, "", "missing.yaml created", "EDITOR=sed -i s/example_value/changed/")]
    [InlineData("main.go:1320 edit --age for a new file", "edit|--age|{R}|missing.yaml", 0, "", "missing.yaml created", "EDITOR=sed -i s/example_value/changed/")]
    [InlineData("main.go:1345 edit --encrypted-regex for a new file", "edit|--encrypted-regex|^example_key$|missing.yaml", 0, "", "missing.yaml created", "EDITOR=sed -i s/example_value/changed/")]
    [InlineData("main.go:1357 edit --show-master-keys", "edit|--show-master-keys|enc.yaml", 200, "", "none", "EDITOR=true")]
    [InlineData("main.go:1286 edit --kms", "edit|--kms|arn:aws:kms:us-east-1:111111111111:key/k|enc.yaml", 200, "", "none", "EDITOR=true")]
    [InlineData("main.go:1295 edit --gcp-kms", "edit|--gcp-kms|projects/p/locations/global/keyRings/r/cryptoKeys/k|enc.yaml", 200, "", "none", "EDITOR=true")]
    [InlineData("main.go:1305 edit --azure-kv", "edit|--azure-kv|https://v.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef|enc.yaml", 200, "", "none", "EDITOR=true")]
    [InlineData("main.go:1310 edit --hc-vault-transit", "edit|--hc-vault-transit|https://vault:8200/v1/transit/keys/k|enc.yaml", 200, "", "none", "EDITOR=true")]
    [InlineData("main.go:1291 edit --aws-profile --encryption-context", "edit|--aws-profile|p|--encryption-context|a:b|enc.yaml", 200, "", "none", "EDITOR=true")]
    [InlineData("main.go:1353 edit --shamir-secret-sharing-threshold", "edit|--shamir-secret-sharing-threshold|2|enc.yaml", 200, "", "none", "EDITOR=true")]
    [InlineData("main.go:1361 edit --ignore-mac", "edit|--ignore-mac|enc.yaml", 200, "", "none", "EDITOR=true")]
    // set (main.go:1446) and unset (main.go:1582)
    [InlineData("main.go:1546 set", "set|enc.yaml|[\"a\"]|\"new\"", 0, "", "enc.yaml changed")]
    [InlineData("main.go:1497 set without a value", "set|enc.yaml|[\"a\"]", 100, "", "none")]
    [InlineData("main.go:1493 set --value-stdin without a path", "set|--value-stdin|enc.yaml", 100, "", "none")]
    [InlineData("main.go:1489 set --value-file and --value-stdin", "set|--value-file|--value-stdin|enc.yaml|[\"a\"]", 1, "", "none")]
    [InlineData("common.go:146 set on a missing file", "set|missing.yaml|[\"a\"]|\"x\"", 2, "", "none")]
    [InlineData("main.go:1517 set with a bad path", "set|enc.yaml|bad|\"x\"", 7, "", "none")]
    [InlineData("main.go:2561 set with a value that is not json", "set|enc.yaml|[\"a\"]|{bad", 7, "", "none")]
    [InlineData("main.go:1561 set --idempotent to the same value", "set|--idempotent|enc.yaml|[\"a\"]|\"secret\"", 0, "", "none")]
    [InlineData("main.go:1455 set --output-type", "set|--output-type|yaml|enc.yaml|[\"a\"]|\"new\"", 0, "", "enc.yaml changed")]
    [InlineData("main.go:1643 unset", "unset|enc.yaml|[\"a\"]", 0, "", "enc.yaml changed")]
    [InlineData("main.go:1617 unset without a path", "unset|enc.yaml", 100, "", "none")]
    [InlineData("sops.go:270 unset of a missing key", "unset|enc.yaml|[\"nope\"]", 1, "", "none")]
    [InlineData("main.go:1654 unset --idempotent of a missing key", "unset|--idempotent|enc.yaml|[\"nope\"]", 0, "", "none")]
    [InlineData("common.go:146 unset on a missing file", "unset|missing.yaml|[\"a\"]", 2, "", "none")]
    [InlineData("main.go:1636 unset with a bad path", "unset|enc.yaml|bad", 7, "", "none")]
    // rotate (main.go:1106)
    [InlineData("main.go:1201 rotate without a file", "rotate", 100, "", "none")]
    [InlineData("main.go:1246 rotate prints", "rotate|enc.yaml", 0, "sops:", "none")]
    [InlineData("main.go:1254 rotate -i", "rotate|-i|enc.yaml", 0, "", "enc.yaml changed")]
    [InlineData("common.go:146 rotate a missing file", "rotate|missing.yaml", 2, "", "none")]
    [InlineData("main.go:1214 rotate --add-age on a missing file", "rotate|--add-age|{R2}|missing.yaml", 49, "", "none")]
    [InlineData("main.go:1205 rotate -i --output", "rotate|-i|--output|out.yaml|enc.yaml", 8, "", "none")]
    [InlineData("main.go:1187 rotate --filename-override", "rotate|--filename-override|other.yaml|enc.yaml", 0, "sops:", "none")]
    [InlineData("main.go:1246 rotate --add-age", "rotate|-i|--add-age|{R2}|enc.yaml", 0, "", "enc.yaml changed")]
    [InlineData("main.go:1191 rotate --decryption-order", "rotate|--decryption-order|age|enc.yaml", 0, "sops:", "none")]
    // updatekeys (main.go:725), filestatus (main.go:514), groups (main.go:554)
    [InlineData("main.go:750 updatekeys without a file", "updatekeys", 100, "", "none")]
    [InlineData("updatekeys.go:32 updatekeys a missing file", "updatekeys|-y|missing.yaml", 1, "", "none")]
    [InlineData("updatekeys.go:80 updatekeys of a file that is up to date", "updatekeys|-y|enc.yaml", 0, "", "none")]
    [InlineData("main.go:734 updatekeys --input-type", "updatekeys|-y|--input-type|yaml|enc.yaml", 0, "", "none")]
    [InlineData("updatekeys.go:73 updatekeys --shamir-secret-sharing-threshold: the flag's, at most the rule's group count (min(2, 1))", "updatekeys|-y|--shamir-secret-sharing-threshold|2|enc.yaml", 0, "", "enc.yaml has shamir_threshold: 1")]
    [InlineData("updatekeys.go:73 updatekeys --shamir-secret-sharing-threshold 0 keeps the file's", "updatekeys|-y|--shamir-secret-sharing-threshold|0|enc.yaml", 0, "", "none")]
    // stores.<format>.indent in .sops.yaml (config/config.go:107, stores/yaml/store.go:352): the whole output laid out with it
    [InlineData("config.go:107 stores.yaml.indent lays decrypt out afresh", "--config|indent.sops.yaml|decrypt|enc.yaml", 0, "list:\n  - x", "none")]
    [InlineData("config.go:107 stores.yaml.indent lays set out afresh", "--config|indent.sops.yaml|set|enc.yaml|[\"a\"]|\"new\"", 0, "", "enc.yaml has \nlist:\n  - ENC[")]
    [InlineData("config.go:107 stores.yaml.indent lays rotate out afresh", "--config|indent.sops.yaml|rotate|-i|enc.yaml", 0, "", "enc.yaml has \nlist:\n  - ENC[")]
    [InlineData("filestatus.go:59 filestatus of an encrypted file", "filestatus|enc.yaml", 0, "{\"encrypted\":true}", "none")]
    [InlineData("main.go:519 filestatus --input-type", "filestatus|--input-type|yaml|enc.yaml", 0, "{\"encrypted\":true}", "none")]
    [InlineData("sopsnet: recipients --input-type", "recipients|--input-type|yaml|enc.yaml", 0, "opens 1 file", "none")]
    [InlineData("filestatus.go:43 filestatus of a plaintext file", "filestatus|plain.yaml", 0, "{\"encrypted\":false}", "none")]
    [InlineData("main.go:525 filestatus without a file", "filestatus", 100, "", "none")]
    [InlineData("filestatus.go:26 filestatus of a missing file", "filestatus|missing.yaml", 1, "", "none")]
    [InlineData("main.go:664 groups add", "groups|add|--file|enc.yaml|--age|{R2}", 0, "sops:", "none")]
    [InlineData("main.go:618 groups add with an argument", "groups|add|--file|enc.yaml|--age|{R2}|extra", 1, "", "none")]
    [InlineData("common.go:146 groups add on a missing file", "groups|add|--file|missing.yaml|--age|{R2}", 2, "", "none")]
    [InlineData("main.go:570 groups add --kms --aws-profile --encryption-context", "groups|add|--file|missing.yaml|--kms|arn:aws:kms:us-east-1:111111111111:key/k|--aws-profile|p|--encryption-context|a:b", 2, "", "none")]
    [InlineData("main.go:578 groups add --gcp-kms", "groups|add|--file|missing.yaml|--gcp-kms|projects/p/locations/global/keyRings/r/cryptoKeys/k", 2, "", "none")]
    [InlineData("main.go:586 groups add --azure-kv", "groups|add|--file|missing.yaml|--azure-kv|https://v.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef", 2, "", "none")]
    [InlineData("main.go:590 groups add --hc-vault-transit", "groups|add|--file|missing.yaml|--hc-vault-transit|https://vault:8200/v1/transit/keys/k", 2, "", "none")]
    [InlineData("main.go:696 groups delete without an index", "groups|delete|--file|enc.yaml", 1, "", "none")]
    [InlineData("main.go:700 groups delete with a bad index", "groups|delete|--file|enc.yaml|x", 1, "", "none")]
    // exec-env (main.go:186) and exec-file (main.go:292)
    [InlineData("main.go:214 exec-env without a command", "exec-env|enc.yaml", 1, "", "none")]
    [InlineData("exec.go:170 exec-env runs the command with the values", "exec-env|enc.yaml|echo $a > out.txt", 0, "", "out.txt has secret")]
    [InlineData("main.go:2307 exec-env returns the command's exit status", "exec-env|enc.yaml|exit 3", 3, "", "none")]
    [InlineData("exec.go:143 exec-env --pristine", "exec-env|--pristine|enc.yaml|echo \"[$a][$HOME]\" > out.txt", 0, "", "out.txt has [secret][]")]
    [InlineData("main.go:245 exec-env --same-process with --background", "exec-env|--background|--same-process|enc.yaml|true", 8, "", "none")]
    [InlineData("exec.go:174 exec-env --background returns at once", "exec-env|--background|enc.yaml|true", 0, "", "none")]
    [InlineData("common.go:146 exec-env on a missing file", "exec-env|missing.yaml|true", 2, "", "none")]
    [InlineData("main.go:328 exec-file without a command", "exec-file|enc.yaml", 1, "", "none")]
    [InlineData("exec.go:115 exec-file hands over the decrypted file", "exec-file|enc.yaml|cat {} > out.txt", 0, "", "out.txt has a: secret")]
    [InlineData("exec.go:99 exec-file --no-fifo", "exec-file|--no-fifo|enc.yaml|cat {} > out.txt", 0, "", "out.txt has a: secret")]
    [InlineData("main.go:317 exec-file --filename", "exec-file|--filename|x.yaml|enc.yaml|basename {} > out.txt", 0, "", "out.txt has x.yaml")]
    [InlineData("main.go:313 exec-file --output-type", "exec-file|--output-type|json|enc.yaml|cat {} > out.txt", 0, "", "out.txt has \"a\": \"secret\"")]
    [InlineData("common.go:146 exec-file on a missing file", "exec-file|missing.yaml|true", 2, "", "none")]
    // completion (main.go:165)
    [InlineData("main.go:169 completion bash", "completion|bash", 0, "complete -o default", "none")]
    [InlineData("main.go:177 completion zsh", "completion|zsh", 0, "compdef", "none")]
    [InlineData("sopsnet: completion fish", "completion|fish", 0, "complete -c sopsnet", "none")]
    [InlineData("sopsnet: completion pwsh", "completion|pwsh", 0, "Register-ArgumentCompleter", "none")]
    public async Task A_sops_call_behaves_as_sops_does(string source, string args, int exit, string stdout, string effect, string env = "")
    {
        await SetUpAsync();
        var before = Snapshot();
        var words = args.Length == 0 ? [] : args.Split('|').Select(w => w.Replace("{R}", TestPaths.DemoRecipient).Replace("{R2}", TestPaths.CorpusRecipient)).ToArray();

        var run = await CliRun.RunAsync(dir.Path, Environment(env), words);

        Assert.True(run.ExitCode == exit, $"{source}: expected exit {exit}, got {run}");
        switch (stdout)
        {
            case "":
                Assert.True(run.StdoutBytes.Length == 0, $"{source}: expected nothing on stdout, got: {run.Stdout}");
                break;
            case "*":
                break;
            default:
                Assert.True(run.Stdout.Contains(stdout, StringComparison.Ordinal), $"{source}: stdout lacks '{stdout}': {run.Stdout}");
                break;
        }

        // exec-env and exec-file pass the command's own exit status through without a message.
        if (exit != 0 && !(args.StartsWith("exec-", StringComparison.Ordinal) && exit is not (1 or 2 or 8)))
        {
            Assert.Contains("sopsnet: error: ", run.Stderr);
            CliKit.AssertNoStackTrace(run);
        }

        await AssertEffectAsync(source, effect, before);
    }

    /// <summary>
    /// <c>decrypt --extract</c> (cmd/sops/decrypt.go:77): a mapping prints as a whole file of the output
    /// format, a string raw, anything else as the output store's EmitValue prints it; where sops cannot
    /// print the value it fails with 4 ("Error dumping tree"). The expected output is byte for byte.
    /// </summary>
    [Theory]
    [InlineData("decrypt.go:90 a string prints raw", "s", "yaml", 0, "secret")]
    [InlineData("decrypt.go:90 a string prints raw", "s", "json", 0, "secret")]
    [InlineData("decrypt.go:90 a string prints raw", "s", "dotenv", 0, "secret")]
    [InlineData("decrypt.go:90 a string prints raw", "s", "ini", 0, "secret")]
    [InlineData("decrypt.go:90 a string prints raw", "s", "binary", 0, "secret")]
    [InlineData("yaml/store.go:405 an integer: yaml.Marshal, with a newline", "n", "yaml", 0, "42\n")]
    [InlineData("json/store.go:370 an integer: json.Marshal, no newline", "n", "json", 0, "42")]
    [InlineData("dotenv/store.go:114 an integer: dotenv prints strings only", "n", "dotenv", 4, "")]
    [InlineData("ini/store.go:194 an integer: json.Marshal", "n", "ini", 0, "42")]
    [InlineData("json/store.go:95 an integer: a binary file has no values", "n", "binary", 4, "")]
    [InlineData("yaml/store.go:405 a float: yaml.Marshal, with a newline", "f", "yaml", 0, "1.0000005e+06\n")]
    [InlineData("json/store.go:370 a float: json.Marshal, no newline", "f", "json", 0, "1000000.5")]
    [InlineData("dotenv/store.go:114 a float: dotenv prints strings only", "f", "dotenv", 4, "")]
    [InlineData("ini/store.go:194 a float: json.Marshal", "f", "ini", 0, "1000000.5")]
    [InlineData("json/store.go:95 a float: a binary file has no values", "f", "binary", 4, "")]
    [InlineData("yaml/store.go:405 a boolean: yaml.Marshal, with a newline", "b", "yaml", 0, "true\n")]
    [InlineData("json/store.go:370 a boolean: json.Marshal, no newline", "b", "json", 0, "true")]
    [InlineData("dotenv/store.go:114 a boolean: dotenv prints strings only", "b", "dotenv", 4, "")]
    [InlineData("ini/store.go:194 a boolean: json.Marshal", "b", "ini", 0, "true")]
    [InlineData("json/store.go:95 a boolean: a binary file has no values", "b", "binary", 4, "")]
    [InlineData("yaml/store.go:405 a null: yaml.Marshal, with a newline", "z", "yaml", 0, "null\n")]
    [InlineData("json/store.go:370 a null: json.Marshal, no newline", "z", "json", 0, "null")]
    [InlineData("dotenv/store.go:114 a null: dotenv prints strings only", "z", "dotenv", 4, "")]
    [InlineData("ini/store.go:194 a null: json.Marshal", "z", "ini", 0, "null")]
    [InlineData("json/store.go:95 a null: a binary file has no values", "z", "binary", 4, "")]
    [InlineData("yaml/store.go:405 a time: yaml.Marshal, with a newline", "t", "yaml", 0, "2024-01-01T00:00:00Z\n")]
    [InlineData("json/store.go:370 a time: json.Marshal, no newline", "t", "json", 0, "\"2024-01-01T00:00:00Z\"")]
    [InlineData("dotenv/store.go:114 a time: dotenv prints strings only", "t", "dotenv", 4, "")]
    [InlineData("ini/store.go:194 a time: json.Marshal", "t", "ini", 0, "\"2024-01-01T00:00:00Z\"")]
    [InlineData("json/store.go:95 a time: a binary file has no values", "t", "binary", 4, "")]
    [InlineData("decrypt.go:80 a mapping prints as a yaml file", "m", "yaml", 0, "k: v\n\"n\": 1\n")]
    [InlineData("decrypt.go:80 a mapping prints as a json file, with its newline", "m", "json", 0, "{\n\t\"k\": \"v\",\n\t\"n\": 1\n}\n")]
    [InlineData("decrypt.go:80 a mapping prints as a dotenv file", "m", "dotenv", 0, "k=v\nn=1\n")]
    [InlineData("ini/store.go:41 a mapping of values is not an ini file", "m", "ini", 4, "")]
    [InlineData("json/store.go:90 a mapping without a data string is not a binary file", "m", "binary", 4, "")]
    [InlineData("decrypt.go:80 a mapping of mappings prints as an ini file", "sec", "ini", 0, "[db]\nk = v\n")]
    [InlineData("dotenv/store.go:93 a nested mapping is not a dotenv file", "sec", "dotenv", 4, "")]
    [InlineData("json/store.go:84 a mapping with a data string prints that string as a binary file", "data", "binary", 0, "raw")]
    [InlineData("yaml/store.go:405 a list: yaml.Marshal, bare", "l", "yaml", 0, "- x\n- 1\n- a<b\n")]
    [InlineData("json/store.go:370 a list: the bare array, indented, no newline", "l", "json", 0, "[\n\t\"x\",\n\t1,\n\t\"a\\u003cb\"\n]")]
    [InlineData("dotenv/store.go:114 a list: dotenv prints strings only", "l", "dotenv", 4, "")]
    [InlineData("ini/store.go:194 a list: compact json.Marshal", "l", "ini", 0, "[\"x\",1,\"a\\u003cb\"]")]
    [InlineData("json/store.go:95 a list: a binary file has no values", "l", "binary", 4, "")]
    [InlineData("yaml/store.go:405 a list of mappings", "lm", "yaml", 0, "- a: 1\n  b: 2\n")]
    [InlineData("json/store.go:370 a list of mappings", "lm", "json", 0, "[\n\t{\n\t\t\"a\": 1,\n\t\t\"b\": 2\n\t}\n]")]
    [InlineData("ini/store.go:194 a list of mappings: json.Marshal of sops's TreeItem structs", "lm", "ini", 0, "[[{\"Key\":\"a\",\"Value\":1},{\"Key\":\"b\",\"Value\":2}]]")]
    [InlineData("yaml/store.go:405 an empty list", "e", "yaml", 0, "[]\n")]
    [InlineData("json/store.go:370 an empty list", "e", "json", 0, "[]")]
    public async Task An_extracted_value_prints_the_bytes_sops_prints(string source, string key, string outputType, int exit, string stdout)
    {
        var encrypted = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, dir.Write("values.yaml", ExtractSource));
        Assert.True(encrypted.ExitCode == 0, encrypted.ToString());
        await File.WriteAllBytesAsync(dir.File("enc.yaml"), encrypted.StdoutBytes);

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "--extract", $"[\"{key}\"]", "--output-type", outputType, "enc.yaml");

        Assert.True(run.ExitCode == exit, $"{source}: expected exit {exit}, got {run}");
        Assert.True(stdout == run.Stdout, $"{source}: expected {Show(stdout)}, got {Show(run.Stdout)}");
        if (exit != 0)
        {
            CliKit.AssertFailure(run, exit, "enc.yaml", "secret", "raw");
        }
    }

    private async Task SetUpAsync()
    {
        dir.Write(".sops.yaml", $"creation_rules:\n  - age: {TestPaths.DemoRecipient}\n");
        dir.Write("indent.sops.yaml", $"stores:\n  yaml:\n    indent: 2\ncreation_rules:\n  - age: {TestPaths.DemoRecipient}\n");
        var encrypted = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "--filename-override", "enc.yaml", dir.Write("source.yaml", "a: secret\nlist:\n    - x\n    - y\n"));
        Assert.True(encrypted.ExitCode == 0, encrypted.ToString());
        await File.WriteAllBytesAsync(dir.File("enc.yaml"), encrypted.StdoutBytes);
        File.Delete(dir.File("source.yaml"));
        dir.Write("plain.yaml", Plain);
        dir.Write("empty.yaml", "");
    }

    private Dictionary<string, string> Environment(string env)
    {
        var variables = CliKit.DemoKeyEnv();
        foreach (var pair in env.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            variables[pair[..eq]] = pair[(eq + 1)..];
        }

        return variables;
    }

    private static string Show(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);

    private Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(dir.Path).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(File.ReadAllBytes(f)));

    private async Task AssertEffectAsync(string source, string effect, Dictionary<string, string> before)
    {
        var after = Snapshot();
        var changed = after.Where(f => !before.TryGetValue(f.Key, out var old) || old != f.Value).Select(f => f.Key)
            .Concat(before.Keys.Where(k => !after.ContainsKey(k))).Order(StringComparer.Ordinal).ToList();
        if (effect == "none")
        {
            Assert.True(changed.Count == 0, $"{source}: expected no file to change, but {string.Join(", ", changed)} did");
            return;
        }

        var file = effect.Split(' ')[0];
        Assert.True(changed.SequenceEqual([file]), $"{source}: expected only {file} to change, got: {string.Join(", ", changed)}");
        if (effect.Split(' ', 3) is [_, "has", var text])
        {
            Assert.Contains(text, await File.ReadAllTextAsync(dir.File(file)));
        }
        else if (effect.EndsWith("encrypted", StringComparison.Ordinal) || effect.EndsWith("changed", StringComparison.Ordinal) || effect.EndsWith("created", StringComparison.Ordinal))
        {
            var decrypted = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", file);
            Assert.True(decrypted.ExitCode == 0, $"{source}: {file} does not decrypt: {decrypted}");
        }
        else
        {
            Assert.DoesNotContain("ENC[", Encoding.UTF8.GetString(File.ReadAllBytes(dir.File(file))));
        }
    }
}
