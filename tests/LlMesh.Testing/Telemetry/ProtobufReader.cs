using System.Buffers.Binary;

namespace LlMesh.Testing.Telemetry;

/// <summary>
/// Walks the fields of one protobuf message (wire format only, no schema): enough to read OTLP spans
/// without generated code. Unknown fields are skipped by the caller simply by not asking for them.
/// </summary>
internal ref struct ProtobufReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public int Field { get; private set; }

    public int WireType { get; private set; }

    /// <summary>The value of the current field: a LEN field's bytes, a fixed field's bytes, or empty for a varint.</summary>
    public ReadOnlySpan<byte> Bytes { get; private set; }

    public ulong Varint { get; private set; }

    public bool Next()
    {
        if (_rest.IsEmpty)
        {
            return false;
        }

        var tag = ReadVarint();
        Field = (int)(tag >> 3);
        WireType = (int)(tag & 7);
        Bytes = default;
        Varint = 0;
        switch (WireType)
        {
            case 0:
                Varint = ReadVarint();
                break;
            case 1:
                Bytes = Take(8);
                Varint = BinaryPrimitives.ReadUInt64LittleEndian(Bytes);
                break;
            case 2:
                Bytes = Take(checked((int)ReadVarint()));
                break;
            case 5:
                Bytes = Take(4);
                Varint = BinaryPrimitives.ReadUInt32LittleEndian(Bytes);
                break;
            default:
                throw new FormatException($"Unsupported protobuf wire type {WireType}.");
        }

        return true;
    }

    public readonly string String => System.Text.Encoding.UTF8.GetString(Bytes);

    public readonly string Hex => Convert.ToHexStringLower(Bytes);

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = _rest[0];
            _rest = _rest[1..];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        var taken = _rest[..length];
        _rest = _rest[length..];
        return taken;
    }
}
