namespace LlMesh.Benchmarks.Scheduler.Reporting;

/// <summary>What <see cref="MachineLoad"/> saw over the run.</summary>
internal sealed record MachineLoadResult(
    double BusyCores,
    string LoadAverageAtStart,
    string LoadAverageAtEnd,
    IReadOnlyList<(string Name, double CpuSeconds)> OtherProcesses);
