namespace SopsNet.Tests.Support;

/// <summary>
/// A file replaced while it is being read: reads give <paramref name="before"/>'s bytes until the reader seeks
/// back to the start, then <paramref name="after"/>'s (a file cut short meanwhile
/// when it is shorter).
/// </summary>
public sealed class SwappingStream(byte[] before, byte[] after) : Stream
{
    private long position;

    /// <summary>Whether the reader went back to the start after reading, and so read the replaced file.</summary>
    public bool Swapped { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => before.Length;

    public override long Position
    {
        get => position;
        set
        {
            Swapped |= value == 0 && position > 0;
            position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var source = Swapped ? after : before;
        var n = (int)Math.Max(0, Math.Min(count, source.Length - position));
        if (n == 0)
        {
            return 0;
        }

        source.AsSpan((int)position, n).CopyTo(buffer.AsSpan(offset));
        position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) =>
        Position = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => position + offset, _ => Length + offset };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
