using LlMesh.Benchmarks.Measurement;
using LlMesh.Benchmarks.Processes;

namespace LlMesh.Benchmarks.Reporting;

/// <summary>Everything a finished run hands to the report.</summary>
internal sealed record BenchRecord(
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    MachineInfo Machine,
    string Command,
    string Configuration,
    BenchOptions Options,
    IReadOnlyList<ScenarioSummary> Scenarios,
    MemoryTracker Memory,
    IReadOnlyList<RecordedRound> Rounds,
    int RoundsDelayedForQuiet,
    TimeSpan WaitedForQuiet);

/// <summary>One round as it happened, for the raw table.</summary>
internal sealed record RecordedRound(int Repeat, Scenario Scenario, RoundResult Result);
