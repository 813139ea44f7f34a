namespace LlMesh.Gateway.Streaming;

/// <summary>
/// Follows the bytes of an SSE stream to know whether the writer stands between events (right after a
/// blank line, <c>\n\n</c> or <c>\r\n\r\n</c>), the only place a keep-alive comment may go.
/// </summary>
internal struct EventBoundaryTracker
{
    // The last four bytes written, most recent in the low byte; starts as if after "\n\n".
    private uint _tail;

    public EventBoundaryTracker() => _tail = 0x0A0A;

    public readonly bool AtBoundary => (_tail & 0xFFFF) == 0x0A0A || _tail == 0x0D0A0D0A;

    public void Observe(ReadOnlySpan<byte> written)
    {
        foreach (var b in written.Length > 4 ? written[^4..] : written)
        {
            _tail = (_tail << 8) | b;
        }
    }
}
