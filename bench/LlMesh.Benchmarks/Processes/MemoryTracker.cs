namespace LlMesh.Benchmarks.Processes;

/// <summary>VmRSS of each process at named moments (idle, after warm-up, end) and the highest seen after any round.</summary>
internal sealed class MemoryTracker(IReadOnlyDictionary<int, string> processes)
{
    private readonly Dictionary<string, long> _peak = [];
    private readonly List<(string Moment, IReadOnlyDictionary<string, long> Bytes)> _moments = [];

    public IReadOnlyList<string> ProcessNames { get; } = processes.Values.ToArray();

    public IReadOnlyList<(string Moment, IReadOnlyDictionary<string, long> Bytes)> Moments => _moments;

    public IReadOnlyDictionary<string, long> Peak => _peak;

    public void Record(string moment)
    {
        _moments.Add((moment, Sample()));
    }

    public void UpdatePeak()
    {
        foreach (var (name, bytes) in Sample())
        {
            _peak[name] = Math.Max(bytes, _peak.GetValueOrDefault(name));
        }
    }

    private Dictionary<string, long> Sample() => processes.ToDictionary(p => p.Value, p => ProcessStats.RssBytes(p.Key));
}
