using System.Buffers.Binary;
using System.Text;

namespace SopsNet.Age;

/// <summary>Reader for the SSH wire encoding (RFC 4251: uint32, length-prefixed string, mpint).</summary>
internal sealed class SshWire(byte[] data, string what)
{
    private int pos;

    public bool AtEnd => pos == data.Length;

    public int Remaining => data.Length - pos;

    public uint ReadUInt32()
    {
        Need(4);
        var v = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(pos));
        pos += 4;
        return v;
    }

    public byte[] ReadBytes()
    {
        var length = ReadUInt32();
        if (length > data.Length - pos)
        {
            throw Malformed();
        }

        var v = data.AsSpan(pos, (int)length).ToArray();
        pos += (int)length;
        return v;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    /// <summary>An mpint as unsigned big-endian magnitude (SSH keys never hold negative values).</summary>
    public Org.BouncyCastle.Math.BigInteger ReadMpint() => new(1, ReadBytes());

    public byte[] ReadRaw(int length)
    {
        Need(length);
        var v = data.AsSpan(pos, length).ToArray();
        pos += length;
        return v;
    }

    private void Need(int n)
    {
        if (data.Length - pos < n)
        {
            throw Malformed();
        }
    }

    private AgeException Malformed() => new($"age: malformed {what}: truncated ssh data");

    public static byte[] Build(params object[] fields)
    {
        var output = new List<byte>();
        foreach (var field in fields)
        {
            var bytes = field switch
            {
                string s => Encoding.UTF8.GetBytes(s),
                byte[] b => b,
                Org.BouncyCastle.Math.BigInteger n => n.ToByteArray(), // two's complement, as mpint wants
                _ => throw new ArgumentException("unsupported ssh wire field", nameof(fields)),
            };
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            output.AddRange(length);
            output.AddRange(bytes);
        }

        return output.ToArray();
    }
}
