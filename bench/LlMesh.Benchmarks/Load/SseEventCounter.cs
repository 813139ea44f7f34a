namespace LlMesh.Benchmarks.Load;

/// <summary>
/// Counts SSE <c>data:</c> lines in a response read chunk by chunk, without decoding it. The caller keeps
/// the last <see cref="Overlap"/> bytes of each chunk in front of the next, so a line split by a read is
/// still seen, once.
/// </summary>
internal sealed class SseEventCounter
{
    public const int Overlap = 16;

    private static ReadOnlySpan<byte> DataPrefix => "data:"u8;

    private static ReadOnlySpan<byte> DoneLine => "data: [DONE]"u8;

    public int DataLines { get; private set; }

    public bool SawDone { get; private set; }

    /// <summary>Token and finish events: the <c>data:</c> lines other than <c>[DONE]</c>.</summary>
    public int Events => DataLines - (SawDone ? 1 : 0);

    public void Reset()
    {
        DataLines = 0;
        SawDone = false;
    }

    /// <summary>
    /// Scans <paramref name="window"/>: <paramref name="carried"/> bytes already scanned, then new ones.
    /// <paramref name="atStreamStart"/> says the window begins at the first byte of the body.
    /// </summary>
    public void Scan(ReadOnlySpan<byte> window, int carried, bool atStreamStart)
    {
        DataLines += CountNew(window, DataPrefix, carried, atStreamStart);
        if (!SawDone && CountNew(window, DoneLine, carried, atStreamStart) > 0)
        {
            SawDone = true;
        }
    }

    /// <summary>Matches at the start of a line that end in the new bytes (earlier ones were counted last time).</summary>
    private static int CountNew(ReadOnlySpan<byte> window, ReadOnlySpan<byte> pattern, int carried, bool atStreamStart)
    {
        var count = 0;
        var offset = 0;
        while (offset < window.Length)
        {
            var found = window[offset..].IndexOf(pattern);
            if (found < 0)
            {
                break;
            }

            var position = offset + found;
            var atLineStart = position == 0 ? atStreamStart : window[position - 1] == (byte)'\n';
            if (atLineStart && position + pattern.Length > carried)
            {
                count++;
            }

            offset = position + pattern.Length;
        }

        return count;
    }
}
