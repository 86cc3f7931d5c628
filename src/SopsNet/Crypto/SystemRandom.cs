using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SopsNet.Crypto;

/// <summary>
/// Random bytes for keys and IVs. On Linux they come straight from the kernel's generator with getrandom(2),
/// which is where Go's crypto/rand (and so sops and age) takes them: the BCL's
/// <see cref="RandomNumberGenerator"/> loads OpenSSL for them, which costs every encrypting run a few
/// milliseconds and 3.7 MB of libcrypto's pages, and nothing else of a run of sopsnet needs OpenSSL.
/// Elsewhere, and on a kernel without getrandom, it is <see cref="RandomNumberGenerator"/>.
/// </summary>
public static class SystemRandom
{
    private const int EINTR = 4;
    private const int ENOSYS = 38;

    private static bool unavailable;

    /// <summary>Fills <paramref name="buffer"/> with cryptographically secure random bytes.</summary>
    public static void Fill(Span<byte> buffer)
    {
        if (!OperatingSystem.IsLinux() || unavailable)
        {
            RandomNumberGenerator.Fill(buffer);
            return;
        }

        while (!buffer.IsEmpty)
        {
            // Flags 0: the urandom pool, blocking only until it is first seeded, as Go's crypto/rand.
            var read = GetRandom(ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length, 0);
            if (read > 0)
            {
                buffer = buffer[(int)read..];
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR)
            {
                continue;
            }

            if (errno == ENOSYS)
            {
                unavailable = true;
                RandomNumberGenerator.Fill(buffer);
                return;
            }

            throw new CryptographicException($"getrandom failed: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    // A plain DllImport with blittable arguments: no generated marshalling, so no unsafe code.
    [DllImport("libc", EntryPoint = "getrandom", SetLastError = true)]
    private static extern nint GetRandom(ref byte buffer, nuint length, uint flags);
}
