using System.Diagnostics.CodeAnalysis;

namespace SopsNet.Files;

/// <summary>
/// The cloud key services this process can use. A service package referenced by the application is found
/// by its type's literal name (which the trimmer and NativeAOT see, so nothing is lost when publishing);
/// <see cref="Register"/> adds one explicitly (a host's own, or a test fake).
/// </summary>
public static class KeyServices
{
    private static readonly Lock Gate = new();
    private static readonly List<IKeyService> Registered = [];
    private static IReadOnlyList<IKeyService>? discovered;

    /// <summary>Every service: those found in the referenced packages, then the registered ones (a registered type replaces a found one).</summary>
    public static IReadOnlyList<IKeyService> All
    {
        get
        {
            lock (Gate)
            {
                discovered ??= Discover();
                var registered = Registered.Select(s => s.Type).ToHashSet(StringComparer.Ordinal);
                return [.. discovered.Where(s => !registered.Contains(s.Type)), .. Registered];
            }
        }
    }

    public static void Register(IKeyService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (Gate)
        {
            Registered.RemoveAll(s => s.Type == service.Type);
            Registered.Add(service);
        }
    }

    // One literal Type.GetType per package: the analysis sees each type, keeps its constructor when the
    // package is part of the application, and null comes back when it is not.
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, "SopsNet.AwsKms.AwsKmsKeyService", "SopsNet.AwsKms")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, "SopsNet.GcpKms.GcpKmsKeyService", "SopsNet.GcpKms")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, "SopsNet.HcVault.VaultKeyService", "SopsNet.HcVault")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, "SopsNet.AzureKeyVault.AzureKeyVaultKeyService", "SopsNet.AzureKeyVault")]
    private static List<IKeyService> Discover()
    {
        var found = new List<IKeyService>();
        Add(found, Type.GetType("SopsNet.AwsKms.AwsKmsKeyService, SopsNet.AwsKms", throwOnError: false));
        Add(found, Type.GetType("SopsNet.GcpKms.GcpKmsKeyService, SopsNet.GcpKms", throwOnError: false));
        Add(found, Type.GetType("SopsNet.HcVault.VaultKeyService, SopsNet.HcVault", throwOnError: false));
        Add(found, Type.GetType("SopsNet.AzureKeyVault.AzureKeyVaultKeyService, SopsNet.AzureKeyVault", throwOnError: false));
        return found;
    }

    private static void Add(List<IKeyService> found, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type? type)
    {
        if (type is not null && Activator.CreateInstance(type) is IKeyService service)
        {
            found.Add(service);
        }
    }
}
