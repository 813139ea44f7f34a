namespace LlMesh.Benchmarks.Scheduler.Reporting;

/// <summary>What the report says about the run besides BenchmarkDotNet's own figures.</summary>
internal sealed record RunContext(
    DateTimeOffset StartedAt,
    string Command,
    string Commit,
    double BusyCores,
    string LoadAverageAtStart,
    string LoadAverageAtEnd,
    string? Note);
