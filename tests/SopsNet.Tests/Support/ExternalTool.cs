namespace SopsNet.Tests.Support;

/// <summary>
/// A program outside .NET that some tests drive to check SopsNet against an independent
/// implementation. Each one's detection and install hint live in <see cref="ExternalTools"/>;
/// a test that needs one says so with <see cref="ExternalToolFactAttribute"/> or
/// <see cref="ExternalToolTheoryAttribute"/>. A new tool (an npm package, another CLI) is one member
/// here plus its probe and install hint in <see cref="ExternalTools"/>.
/// </summary>
public enum ExternalTool
{
    /// <summary>The age and age-keygen CLIs (one package).</summary>
    Age,

    /// <summary>gpg and gpgconf (GnuPG 2).</summary>
    Gpg,

    /// <summary>python3 that can import cryptography and yaml (tests/interop's reader and writer).</summary>
    Python3,

    SshKeygen,

    Git,

    /// <summary>node with the age-encryption npm package (tests/interop/npm): an independent age with post-quantum support.</summary>
    AgeEncryptionNpm,

    /// <summary>node with the sops-age npm package (tests/interop/npm): an independent sops reader whose envelope pattern is anchored at both ends.</summary>
    SopsAgeNpm,
}
