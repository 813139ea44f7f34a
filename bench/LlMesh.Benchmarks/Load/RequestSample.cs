namespace LlMesh.Benchmarks.Load;

/// <summary>
/// One request as the client saw it, in <see cref="System.Diagnostics.Stopwatch"/> ticks from sending:
/// the first byte (response headers, or for SSE the first <c>data:</c> line) and the end of the body.
/// </summary>
internal readonly record struct RequestSample(bool Succeeded, long FirstByteTicks, long TotalTicks, int Events)
{
    public static RequestSample Failed => new(false, 0, 0, 0);
}
