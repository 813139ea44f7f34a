namespace LlMesh.Benchmarks.Holding;

/// <summary>One step of the held-streams phase on one path: how many streams were asked for, how many are open, and the RSS then.</summary>
internal sealed record HoldLevel
{
    public required int Streams { get; init; }

    /// <summary>Streams (of all held on the path) that received their first event.</summary>
    public required int WithFirstEvent { get; init; }

    /// <summary>Streams with a first event that had not ended or failed when checked.</summary>
    public required int StillOpen { get; init; }

    /// <summary>Open streams that received more events during the check window: alive end to end, not only connected.</summary>
    public required int Flowing { get; init; }

    public required double OpenSeconds { get; init; }

    /// <summary>Time to first event of the streams opened in this step (ms).</summary>
    public required double FirstEventP50 { get; init; }

    public required double FirstEventP99 { get; init; }

    /// <summary>VmRSS per process (proxy processes and backend) with the streams open.</summary>
    public required IReadOnlyDictionary<string, long> RssBytes { get; init; }

    public required string? Failure { get; init; }

    public bool AllOpen => WithFirstEvent == Streams && StillOpen == Streams;
}

/// <summary>The held-streams phase on one path: RSS before any stream, at each step, and after all were closed.</summary>
internal sealed record HoldPath(
    string Target,
    IReadOnlyList<string> ProxyNames,
    IReadOnlyDictionary<string, long> BaselineRssBytes,
    IReadOnlyList<HoldLevel> Levels,
    IReadOnlyDictionary<string, long> AfterCloseRssBytes)
{
    /// <summary>RSS added per open stream at <paramref name="level"/> over the baseline, in KB, for one process or (null) all proxies.</summary>
    public double KilobytesPerStream(HoldLevel level, string? process = null)
    {
        var names = process is null ? ProxyNames : [process];
        var added = names.Sum(n => level.RssBytes.GetValueOrDefault(n) - BaselineRssBytes.GetValueOrDefault(n));
        return added / 1024.0 / level.Streams;
    }
}

/// <summary>Everything the held-streams phase measured.</summary>
internal sealed record HoldResult(
    int TokenDelayMs, int BackendSlots, IReadOnlyDictionary<string, long> IdleRssBytes, IReadOnlyDictionary<string, long> IdleAnonBytes, IReadOnlyList<HoldPath> Paths);
