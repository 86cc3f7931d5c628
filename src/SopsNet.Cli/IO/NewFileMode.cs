namespace SopsNet.Cli.IO;

/// <summary>The permissions a written file gets when it does not exist yet (an existing file keeps its own); the umask applies to both.</summary>
internal enum NewFileMode
{
    /// <summary>0666 less the umask, as any tool creates files: for encrypted files and other non-secrets.</summary>
    Default,

    /// <summary>0600 less the umask: for plaintext secrets (decrypt --output, decrypt -i).</summary>
    OwnerOnly,
}
