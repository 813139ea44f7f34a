namespace LlMesh.Configuration.Memory;

/// <summary>
/// Decides when an idle process should give back the heap memory its last busy spell touched. The signal is
/// the process's own allocation: serving requests allocates steadily, an idle process (pings, a poll now
/// and then) next to nothing. A trim is due once the process has allocated less than
/// <see cref="IdleBytesPerSecond"/> on average over the whole quiet time, and enough since the previous trim
/// for a full collection to be worth its few milliseconds.
/// </summary>
internal sealed class IdleTrimPolicy
{
    /// <summary>Averaged over the quiet time, allocation below this is idling (one chat request allocates tens of KB).</summary>
    public const long IdleBytesPerSecond = 256 * 1024;

    /// <summary>
    /// Less than this allocated since the last trim leaves too little touched memory to give back. An idle agent's
    /// pings and polls allocate about this much in a minute or two, so it trims that often at most (~15 ms each).
    /// </summary>
    public const long MinimumAllocatedSinceTrim = 1024 * 1024;

    private readonly TimeSpan _quietFor;
    private readonly Queue<(DateTimeOffset At, long Allocated)> _readings = new();
    private long _allocatedAtTrim;

    /// <param name="start">When the process started: the quiet time is counted from here at the earliest.</param>
    public IdleTrimPolicy(TimeSpan quietFor, DateTimeOffset start, long allocated)
    {
        _quietFor = quietFor;
        _readings.Enqueue((start, allocated));
    }

    /// <summary>Takes a reading of the bytes allocated so far; true when a trim is due now.</summary>
    public bool Observe(DateTimeOffset now, long allocated)
    {
        _readings.Enqueue((now, allocated));

        // Keep the newest reading from at least the quiet time ago: it starts the window judged.
        var windowStart = now - _quietFor;
        while (_readings.Count > 1 && IsAtOrBefore(SecondOldest(), windowStart))
        {
            _readings.Dequeue();
        }

        var (from, allocatedThen) = _readings.Peek();
        return from <= windowStart
            && allocated - allocatedThen < IdleBytesPerSecond * (now - from).TotalSeconds
            && allocated - _allocatedAtTrim >= MinimumAllocatedSinceTrim;
    }

    /// <summary>Records a trim; the next one waits for more allocation and another quiet spell.</summary>
    public void Trimmed(long allocated) => _allocatedAtTrim = allocated;

    private (DateTimeOffset At, long Allocated) SecondOldest() => _readings.ElementAt(1);

    private static bool IsAtOrBefore((DateTimeOffset At, long Allocated) reading, DateTimeOffset time) => reading.At <= time;
}
