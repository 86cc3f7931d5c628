namespace SopsNet.Tests.Properties;

/// <summary>How one generated file passed the round-trip invariant.</summary>
public enum RoundTripOutcome
{
    /// <summary>Decrypting gave the input back byte for byte.</summary>
    Exact,

    /// <summary>Decrypting gave a canonical form the store warned about, and that form is a fixed point.</summary>
    Canonical,

    /// <summary>Encryption refused the input in one clean line.</summary>
    Refused,
}
