namespace LlMesh.Benchmarks.Failover;

/// <summary>
/// Re-dispatch times (ms, from the signal to the first event the caller read from the other agent) for
/// killed and, when measured, frozen agents; beside them the first-event time of a request that met no
/// failure, through llmesh and straight to the backend.
/// </summary>
internal sealed record FailoverResult(
    IReadOnlyList<double> KilledMs,
    IReadOnlyList<double> FrozenMs,
    double LlMeshFirstEventMs,
    double DirectFirstEventMs,
    IReadOnlyList<string> Failures,
    IReadOnlyDictionary<string, long> IdleRssBytes,
    IReadOnlyDictionary<string, long> IdleAnonBytes,
    int AgentSlots);
