using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SopsNet.Crypto;

/// <summary>
/// Random bytes for keys and IVs. On Linux they come straight from the kernel's generator with getrandom(2),
/// which is where Go's crypto/rand (and so sops and age) takes them: the BCL's
/// <see cref="RandomNumberGenerator"/> loads OpenSSL for them, which costs every encrypting run a few
/// milliseconds and 3.7 MB of libcrypto's pages, and nothing else of a run of sopsnet needs OpenSSL.
/// Elsewhere, and where getrandom is missing or forbidden, it is <see cref="RandomNumberGenerator"/>.
/// </summary>
public static class SystemRandom
{
    private const int EPERM = 1;
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
            nint read;
            try
            {
                read = GetRandom(ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length, 0);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                // A C library without getrandom (glibc before 2.25).
                unavailable = true;
                RandomNumberGenerator.Fill(buffer);
                return;
            }

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

            // A kernel without the call, or a sandbox (seccomp) that forbids it: the BCL's generator still works.
            if (errno is ENOSYS or EPERM)
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
