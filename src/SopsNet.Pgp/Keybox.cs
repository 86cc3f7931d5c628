using System.Buffers.Binary;

namespace SopsNet.Pgp;

/// <summary>
/// GnuPG 2.1+'s public keyring, <c>pubring.kbx</c>, in the keybox format of GnuPG's kbx/keybox-blob.c:
/// a sequence of blobs, each starting with its length (u32, big-endian, counting itself) and a type byte;
/// the first is a header (type 1, magic <c>KBXf</c>), and each OpenPGP blob (type 2) holds a transferable
/// public key as plain OpenPGP packets at an offset it names. Everything else in a blob is gpg's own
/// index and cache, which we ignore. The file is read whole and never trusted: damage becomes a problem
/// naming the blob's offset, and the keyblocks before it are still returned.
/// </summary>
internal static class Keybox
{
    private const byte HeaderBlob = 1;
    private const byte OpenPgpBlob = 2;

    // gpg skips blobs flagged ephemeral (keys fetched while searching a keyserver) unless asked for them.
    private const ushort EphemeralFlag = 2;

    // gpg's IMAGELEN_LIMIT: it refuses to read a larger blob and goes on with the next one.
    private const uint MaxBlobLength = 5 * 1024 * 1024;

    /// <summary>True when <paramref name="content"/> starts with a keybox header blob.</summary>
    public static bool IsKeybox(ReadOnlySpan<byte> content) =>
        content.Length >= 12 && content[4] == HeaderBlob && content[8..12].SequenceEqual("KBXf"u8);

    /// <summary>
    /// The keyblocks of the OpenPGP blobs with their blob's offset, in file order. Header, empty (deleted), X.509 and unknown blobs
    /// are skipped as gpg skips them; a blob that cannot be read is skipped with a problem, and when a blob's
    /// length runs past the end the rest of the file cannot be found, so reading stops there.
    /// </summary>
    public static (List<(int Offset, byte[] Keyblock)> Keyblocks, List<string> Problems) Read(ReadOnlySpan<byte> content)
    {
        var keyblocks = new List<(int Offset, byte[] Keyblock)>();
        var problems = new List<string>();
        var offset = 0;
        while (offset < content.Length)
        {
            var rest = content[offset..];
            if (rest.Length < 5)
            {
                problems.Add($"truncated blob at offset {offset}");
                break;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(rest);
            if (length < 5 || length > (uint)rest.Length)
            {
                problems.Add($"blob at offset {offset} claims {length} bytes but {rest.Length} remain");
                break;
            }

            var blob = rest[..(int)length];
            if (blob[4] == OpenPgpBlob && !IsEphemeral(blob))
            {
                if (KeyblockProblem(blob) is { } problem)
                {
                    problems.Add($"openpgp blob at offset {offset}: {problem}");
                }
                else
                {
                    var start = (int)BinaryPrimitives.ReadUInt32BigEndian(blob[8..]);
                    keyblocks.Add((offset, blob.Slice(start, (int)BinaryPrimitives.ReadUInt32BigEndian(blob[12..])).ToArray()));
                }
            }

            offset += (int)length;
        }

        return (keyblocks, problems);
    }

    private static string? KeyblockProblem(ReadOnlySpan<byte> blob)
    {
        if (blob.Length > MaxBlobLength)
        {
            return $"{blob.Length} bytes is more than gpg reads (5 mib)";
        }

        if (blob.Length < 16)
        {
            return "too short for its header";
        }

        // The keyblock must lie after the fixed header and inside the blob (gpg checks the end only).
        var start = BinaryPrimitives.ReadUInt32BigEndian(blob[8..]);
        var length = BinaryPrimitives.ReadUInt32BigEndian(blob[12..]);
        return start >= 16 && length > 0 && (ulong)start + length <= (ulong)blob.Length
            ? null
            : $"its keyblock ({length} bytes at {start}) lies outside the blob";
    }

    private static bool IsEphemeral(ReadOnlySpan<byte> blob) =>
        blob.Length >= 8 && (BinaryPrimitives.ReadUInt16BigEndian(blob[6..]) & EphemeralFlag) != 0;
}
