using SopsNet.AzureKeyVault;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.AzureKeyVault;

public sealed class AzureKeyVaultKeyUrlTests
{
    [Theory]
    [InlineData("https://myvault.vault.azure.net/keys/sops-key/0123abcd", "https://myvault.vault.azure.net", "sops-key", "0123abcd")]
    [InlineData(" https://myvault.vault.azure.net/keys/sops-key ", "https://myvault.vault.azure.net", "sops-key", "")]
    [InlineData("https://myvault.vault.azure.net/keys/sops-key/", "https://myvault.vault.azure.net", "sops-key", "")]
    [InlineData("https://127.0.0.1:8443/keys/k/v1", "https://127.0.0.1:8443", "k", "v1")]
    public void Key_urls_split_into_the_stored_fields(string text, string vaultUrl, string name, string version)
    {
        var key = AzureKeyVaultKeyUrl.Parse(text).ToTemplate();

        Assert.Equal(("azure_kv", vaultUrl, name, version), (key.Type, key.Field("vault_url"), key.Field("name"), key.Field("version")));
    }

    [Theory]
    [InlineData("http://myvault.vault.azure.net/keys/k")]
    [InlineData("https://myvault.vault.azure.net/secrets/k")]
    [InlineData("https://myvault.vault.azure.net/keys")]
    [InlineData("https://myvault.vault.azure.net/keys/k/v/extra")]
    [InlineData("myvault.vault.azure.net/keys/k")]
    public void Other_urls_are_refused(string text) =>
        Assert.Throws<FormatException>(() => AzureKeyVaultKeyUrl.Parse(text));

    [Fact]
    public async Task A_bad_url_in_sops_yaml_names_the_config_file()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", "creation_rules:\n  - azure_keyvault: https://vault.example/secrets/k\n");
        dir.Write("s.yaml", "a: b\n");

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "s.yaml");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(".sops.yaml: azure key vault key url 'https://vault.example/secrets/k': expected https://VAULT/keys/NAME[/VERSION]", run.Stderr);
    }
}
