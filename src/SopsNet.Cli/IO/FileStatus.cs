using System.Runtime.InteropServices;

namespace SopsNet.Cli.IO;

/// <summary>What a write needs to know about an existing file: which file it is (device and inode), how many names it has, its owner and its permission bits.</summary>
internal sealed record FileStatus(ulong Device, ulong Inode, uint Links, uint Uid, uint Gid, UnixFileMode Mode, bool IsRegular, bool IsDirectory)
{
    public bool SameFile(FileStatus other) => Device == other.Device && Inode == other.Inode;

    /// <summary>Reads a struct statx (linux/stat.h), whose layout is the same on every architecture (fields in native byte order).</summary>
    internal static FileStatus FromStatx(ReadOnlySpan<byte> b)
    {
        var mode = MemoryMarshal.Read<ushort>(b[28..]);
        var device = ((ulong)MemoryMarshal.Read<uint>(b[136..]) << 32) | MemoryMarshal.Read<uint>(b[140..]);
        return new FileStatus(
            device,
            MemoryMarshal.Read<ulong>(b[32..]),
            MemoryMarshal.Read<uint>(b[16..]),
            MemoryMarshal.Read<uint>(b[20..]),
            MemoryMarshal.Read<uint>(b[24..]),
            (UnixFileMode)(mode & 0xfff),
            (mode & 0xf000) == 0x8000,
            (mode & 0xf000) == 0x4000);
    }
}
