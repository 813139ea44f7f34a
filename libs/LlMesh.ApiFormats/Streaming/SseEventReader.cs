namespace LlMesh.ApiFormats.Streaming;

/// <summary>
/// Splits a server-sent-events byte stream into the <c>data</c> of each event, whatever the chunk boundaries.
/// Lines may end in <c>\n</c>, <c>\r\n</c> or <c>\r</c>; comment lines (<c>: keep-alive</c>) and fields other
/// than <c>data</c> are ignored; several <c>data</c> lines of one event are joined with <c>\n</c>.
/// Memory held is the size of one event, never the whole stream.
/// </summary>
internal sealed class SseEventReader
{
    /// <summary>An event larger than this is treated as a broken stream rather than buffered.</summary>
    internal const int MaxEventBytes = 16 * 1024 * 1024;

    private byte[] _line = new byte[256];
    private int _lineLength;
    private byte[] _data = new byte[1024];
    private int _dataLength;
    private bool _hasData;
    private bool _afterCarriageReturn;

    /// <summary>
    /// Consumes <paramref name="input"/> up to the end of the next complete event and returns its data, which
    /// stays valid until the next call. Returns false once the input is used up without completing an event.
    /// </summary>
    /// <exception cref="InvalidDataException">An event exceeds <see cref="MaxEventBytes"/>.</exception>
    internal bool TryReadEvent(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> data)
    {
        while (!input.IsEmpty)
        {
            if (_afterCarriageReturn)
            {
                _afterCarriageReturn = false;
                if (input[0] == (byte)'\n')
                {
                    input = input[1..];
                    continue;
                }
            }

            var end = input.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                Append(ref _line, ref _lineLength, input);
                input = default;
                break;
            }

            _afterCarriageReturn = input[end] == (byte)'\r';
            ReadOnlySpan<byte> line;
            if (_lineLength == 0)
            {
                line = input[..end];
            }
            else
            {
                Append(ref _line, ref _lineLength, input[..end]);
                line = _line.AsSpan(0, _lineLength);
            }

            input = input[(end + 1)..];
            _lineLength = 0;
            if (EndLine(line, out data))
            {
                return true;
            }
        }

        data = default;
        return false;
    }

    /// <summary>
    /// At the end of the stream, returns an event the server did not terminate with a blank line. Strictly such
    /// an event is incomplete; it is returned anyway so a final <c>data: [DONE]</c> without newline still counts.
    /// </summary>
    internal bool TryReadUnterminatedEvent(out ReadOnlySpan<byte> data)
    {
        if (_lineLength > 0)
        {
            var line = _line.AsSpan(0, _lineLength);
            _lineLength = 0;
            EndLine(line, out _);
        }

        return EndLine([], out data);
    }

    private bool EndLine(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> data)
    {
        data = default;
        if (line.IsEmpty)
        {
            if (!_hasData)
            {
                return false;
            }

            data = _data.AsSpan(0, _dataLength);
            _hasData = false;
            _dataLength = 0;
            return true;
        }

        if (line[0] == (byte)':')
        {
            return false;
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        if (!field.SequenceEqual("data"u8))
        {
            return false;
        }

        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (_hasData)
        {
            Append(ref _data, ref _dataLength, "\n"u8);
        }

        Append(ref _data, ref _dataLength, value);
        _hasData = true;
        return false;
    }

    private static void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
    {
        var required = length + bytes.Length;
        if (required > MaxEventBytes)
        {
            throw new InvalidDataException("A stream event is larger than 16 MiB.");
        }

        if (required > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Clamp(buffer.Length * 2, required, MaxEventBytes));
        }

        bytes.CopyTo(buffer.AsSpan(length));
        length = required;
    }
}
