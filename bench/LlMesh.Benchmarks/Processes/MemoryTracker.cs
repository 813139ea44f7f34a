namespace LlMesh.Benchmarks.Processes;

/// <summary>
/// VmRSS of each process at named moments (idle, after warm-up, end) and the highest seen after any
/// round. Processes are known by name, so a restarted backend continues its own row.
/// </summary>
internal sealed class MemoryTracker
{
    /// <summary>Read 3 s after start-up, before any request and before the idle trim.</summary>
    public const string StartUp = "after start-up";

    /// <summary>RssAnon at the start-up moment (see <see cref="ProcessStats.RssAnonBytes"/>).</summary>
    public const string StartUpAnonymous = "after start-up, anonymous part";

    /// <summary>Read after start-up and the idle trim, before any request: what the idle-memory goals are checked against.</summary>
    public const string Idle = "idle";

    /// <summary>RssAnon at the idle moment.</summary>
    public const string IdleAnonymous = "idle, anonymous part";

    private readonly Dictionary<string, long> _peak = [];
    private readonly List<(string Moment, IReadOnlyDictionary<string, long> Bytes)> _moments = [];

    public IReadOnlyList<string> ProcessNames => [.. _peak.Keys];

    public IReadOnlyList<(string Moment, IReadOnlyDictionary<string, long> Bytes)> Moments => _moments;

    public IReadOnlyDictionary<string, long> Peak => _peak;

    /// <param name="processes">Process id to name, as they are now.</param>
    public void Record(string moment, IReadOnlyDictionary<int, string> processes)
    {
        var sample = Sample(processes);
        _moments.Add((moment, sample));
        UpdatePeak(sample);
    }

    /// <summary>Records the anonymous part of RSS as its own moment (not counted in the peak).</summary>
    public void RecordAnonymous(string moment, IReadOnlyDictionary<int, string> processes) =>
        _moments.Add((moment, processes.ToDictionary(p => p.Value, p => ProcessStats.RssAnonBytes(p.Key))));

    /// <summary>Bytes of <paramref name="process"/> at <paramref name="moment"/>, or null when not recorded.</summary>
    public long? At(string moment, string process) =>
        _moments.FirstOrDefault(m => m.Moment == moment).Bytes?.GetValueOrDefault(process) is > 0 and var bytes ? bytes : null;

    public void UpdatePeak(IReadOnlyDictionary<int, string> processes) => UpdatePeak(Sample(processes));

    private void UpdatePeak(Dictionary<string, long> sample)
    {
        foreach (var (name, bytes) in sample)
        {
            _peak[name] = Math.Max(bytes, _peak.GetValueOrDefault(name));
        }
    }

    private static Dictionary<string, long> Sample(IReadOnlyDictionary<int, string> processes) =>
        processes.ToDictionary(p => p.Value, p => ProcessStats.RssBytes(p.Key));
}
