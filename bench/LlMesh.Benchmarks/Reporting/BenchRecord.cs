using LlMesh.Benchmarks.Failover;
using LlMesh.Benchmarks.Holding;
using LlMesh.Benchmarks.Measurement;
using LlMesh.Benchmarks.Processes;

namespace LlMesh.Benchmarks.Reporting;

/// <summary>Everything a finished run hands to the report; a phase that did not run is empty (paths) or null.</summary>
internal sealed record BenchRecord(
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    MachineInfo Machine,
    string Command,
    string Configuration,
    ProgramBuilds Builds,
    BenchOptions Options,
    PathsResult Paths,
    HoldResult? Hold,
    FailoverResult? Failover)
{
    public IReadOnlyList<ScenarioSummary> Scenarios => Paths.Scenarios;

    public MemoryTracker Memory => Paths.Memory;

    public IReadOnlyList<RecordedRound> Rounds => Paths.Rounds;

    public int RoundsDelayedForQuiet => Paths.RoundsDelayedForQuiet;

    public TimeSpan WaitedForQuiet => Paths.WaitedForQuiet;
}

/// <summary>One round as it happened, for the raw table.</summary>
internal sealed record RecordedRound(int Repeat, Scenario Scenario, RoundResult Result);
