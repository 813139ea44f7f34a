namespace LlMesh.Benchmarks.Scheduler.Reporting;

/// <summary>What the report says about the run besides BenchmarkDotNet's own figures.</summary>
internal sealed record RunContext(DateTimeOffset StartedAt, TimeSpan Duration, string Command, string Commit, MachineLoadResult Load, string? Note);
