using SopsNet;
using SopsNet.Files;

// One call decrypts the file. The age key is found as sops finds it: SOPS_AGE_KEY_FILE, SOPS_AGE_KEY, or the
// user's age keys.txt (GnuPG and cloud credentials too). SopsFile.DecryptAsync(path) gives the whole
// plaintext instead; SopsFile.EncryptAsync(path) encrypts.
var path = args.Length > 0 ? args[0] : "secrets.enc.yaml";
try
{
    IReadOnlyDictionary<string, string?> values = await SopsFile.ReadValuesAsync(path);
    Console.WriteLine($"database:host = {values["database:host"]}");
    return 0;
}
catch (SopsException e)
{
    // One line that names the file and the reason, never a secret value; the exit code is sops's.
    Console.Error.WriteLine(e.Message);
    return (int)e.Error;
}
