namespace LlMesh.Benchmarks.Measurement;

/// <summary>What one round of one scenario on one path measured. Latencies in ms, CPU in µs per request.</summary>
internal sealed record RoundResult
{
    public required string Target { get; init; }

    public required int Completed { get; init; }

    public required int Failed { get; init; }

    public required double ElapsedSeconds { get; init; }

    public required double RequestsPerSecond { get; init; }

    public required double EventsPerSecond { get; init; }

    public required double FirstByteP50 { get; init; }

    public required double FirstByteP99 { get; init; }

    public required double TotalP50 { get; init; }

    public required double TotalP99 { get; init; }

    /// <summary>All proxy processes of the path together; NaN for the direct path.</summary>
    public required double ProxyCpuPerRequest { get; init; }

    /// <summary>Each proxy process on its own (gateway, agent), same unit.</summary>
    public required IReadOnlyDictionary<string, double> ProxyCpuPerRequestByProcess { get; init; }

    public required double ProxyCpuPerEvent { get; init; }

    public required double BackendCpuPerRequest { get; init; }

    /// <summary>The load generator's CPU in cores (1.0 = one core fully busy).</summary>
    public required double GeneratorCores { get; init; }

    public required double MachineBusyCores { get; init; }

    /// <summary>Machine CPU not used by any process of the benchmark: someone else's work, i.e. noise.</summary>
    public required double OtherCores { get; init; }

    /// <summary>VmRSS of the proxy processes together right after the round; 0 for the direct path.</summary>
    public required long ProxyRssBytes { get; init; }
}
