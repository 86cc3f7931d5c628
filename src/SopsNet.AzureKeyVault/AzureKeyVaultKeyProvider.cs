using System.Buffers.Text;
using System.Collections.Concurrent;
using Azure.Core;
using SopsNet.Keys;
using SopsNet.Values;

namespace SopsNet.AzureKeyVault;

/// <summary>
/// The sops <c>azure_kv</c> key type: <c>vault_url</c>, <c>name</c>, <c>version</c>, <c>created_at</c>
/// and <c>enc</c> = the Key Vault <c>encrypt</c> result (RSA-OAEP-256 over the raw data key) as
/// base64url without padding. Nothing is contacted until a key of this type is used; within one
/// provider each distinct wrapped key is unwrapped once and each version looked up once.
/// </summary>
public sealed class AzureKeyVaultKeyProvider : IKeyProvider
{
    private readonly Lazy<KeyVaultRestClient> client;
    private readonly AzureKeyVaultOptions options;
    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> unwrapped = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> versions = new(StringComparer.Ordinal);

    /// <summary>Uses <paramref name="credential"/> (e.g. a <c>DefaultAzureCredential</c>) for bearer tokens.</summary>
    public AzureKeyVaultKeyProvider(TokenCredential credential, AzureKeyVaultOptions? options = null)
        : this(() => credential, options)
    {
    }

    /// <summary>Creates the credential on first use only, so files without Azure keys never build one.</summary>
    public AzureKeyVaultKeyProvider(Func<TokenCredential> credential, AzureKeyVaultOptions? options = null)
    {
        this.options = options ?? new AzureKeyVaultOptions();
        client = new Lazy<KeyVaultRestClient>(() => new KeyVaultRestClient(credential(), this.options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Type => AzureKeyVaultKeyUrl.KeyType;

    public string Describe(MasterKey key) => AzureKeyVaultKeyUrl.From(key).ToString();

    public async Task<MasterKey> WrapAsync(MasterKey key, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
    {
        var url = Validated(key);
        if (url.Version.Length == 0)
        {
            // sops stores the version current at encryption time, so a later key rotation in the
            // vault does not change which key version the file needs.
            url = url with { Version = await CurrentVersionAsync(url, cancellationToken).ConfigureAwait(false) };
        }

        var enc = await client.Value.EncryptAsync(url, dataKey, cancellationToken).ConfigureAwait(false);
        return key.With("version", url.Version)
            .With("created_at", GoTime.FromUtc(options.Clock.GetUtcNow()).ToString())
            .With("enc", enc);
    }

    public async Task<byte[]> UnwrapAsync(MasterKey key, CancellationToken cancellationToken)
    {
        var url = Validated(key);
        byte[] ciphertext;
        try
        {
            ciphertext = Base64Url.DecodeFromChars(key.Enc.Trim());
        }
        catch (FormatException)
        {
            throw new KeyUnwrapException("the enc value is not base64url");
        }

        if (ciphertext.Length == 0)
        {
            throw new KeyUnwrapException("the key entry has no enc value");
        }

        // Many files share one wrapped key (sops#885: minutes for a few hundred files); concurrent
        // and later requests for the same ciphertext share one call. Failures are not kept.
        var cacheKey = url + "\n" + key.Enc.Trim();
        var lazy = unwrapped.GetOrAdd(cacheKey, _ => new Lazy<Task<byte[]>>(
            () => client.Value.DecryptAsync(url, ciphertext, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            var plain = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            return (byte[])plain.Clone();
        }
        catch (Exception) when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            unwrapped.TryRemove(new KeyValuePair<string, Lazy<Task<byte[]>>>(cacheKey, lazy));
            throw;
        }
    }

    private async Task<string> CurrentVersionAsync(AzureKeyVaultKeyUrl url, CancellationToken cancellationToken)
    {
        var cacheKey = url.ToString();
        var lazy = versions.GetOrAdd(cacheKey, _ => new Lazy<Task<string>>(
            () => client.Value.CurrentVersionAsync(url, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            versions.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(cacheKey, lazy));
            throw;
        }
    }

    private static AzureKeyVaultKeyUrl Validated(MasterKey key)
    {
        var url = AzureKeyVaultKeyUrl.From(key);
        if (!url.VaultUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.Name.Length == 0)
        {
            throw new KeyUnwrapException("the azure_kv entry needs an https vault_url and a name");
        }

        return url;
    }
}
