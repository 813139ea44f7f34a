namespace LlMesh.Configuration.Memory;

/// <summary>
/// Decides when an idle process should give back the heap memory its last busy spell touched. The signal is
/// the process's own allocation: serving requests allocates steadily, an idle process (pings, a poll now
/// and then) next to nothing. A trim is due once the process has allocated less than
/// <see cref="IdleBytesPerSecond"/> on average over a whole quiet time, and enough since the previous trim
/// for a full collection to be worth its few milliseconds. Times are read from a monotonic clock (elapsed
/// since the trimmer started), so a wall-clock step changes nothing.
/// </summary>
internal sealed class IdleTrimPolicy
{
    /// <summary>
    /// Averaged over the quiet time, allocation below this is idling: an idle agent's pings and discovery polls
    /// allocate 15–40 KB/s; one chat request allocates tens of KB, so a few requests a second are work.
    /// </summary>
    public const long IdleBytesPerSecond = 64 * 1024;

    /// <summary>Less than this allocated since the last trim leaves too little touched memory to give back.</summary>
    public const long MinimumAllocatedSinceTrim = 1024 * 1024;

    private readonly TimeSpan _quietFor;

    // The newest reading at least the quiet time old (the start of the window judged), and the ones after it.
    private (TimeSpan At, long Allocated) _windowStart;
    private readonly Queue<(TimeSpan At, long Allocated)> _readings = new();
    private (TimeSpan At, long Allocated) _last;
    private long _allocatedAtTrim;

    /// <param name="allocated">Bytes allocated when the trimmer started; start-up before it counts as allocation since the last trim.</param>
    public IdleTrimPolicy(TimeSpan quietFor, long allocated)
    {
        _quietFor = quietFor;
        _windowStart = (TimeSpan.Zero, allocated);
        _last = _windowStart;
    }

    /// <summary>
    /// Takes a reading of the bytes allocated so far at <paramref name="elapsed"/> (since the start), and whether a
    /// job is running (which restarts the quiet time); true when a trim is due now.
    /// </summary>
    public bool Observe(TimeSpan elapsed, long allocated, bool working = false)
    {
        _last = (elapsed, allocated);
        if (working)
        {
            _readings.Clear();
            _windowStart = _last;
            return false;
        }

        _readings.Enqueue(_last);
        var windowOpens = elapsed - _quietFor;
        while (_readings.TryPeek(out var reading) && reading.At <= windowOpens)
        {
            _windowStart = _readings.Dequeue();
        }

        var (from, allocatedThen) = _windowStart;
        return from <= windowOpens
            && allocated - allocatedThen < IdleBytesPerSecond * (elapsed - from).TotalSeconds
            && allocated - _allocatedAtTrim >= MinimumAllocatedSinceTrim;
    }

    /// <summary>Records a trim at the last reading; the next one needs another whole quiet time and more allocation.</summary>
    public void Trimmed()
    {
        _readings.Clear();
        _windowStart = _last;
        _allocatedAtTrim = _last.Allocated;
    }
}
