namespace LlMesh.Benchmarks.Load;

/// <summary>What one round of load produced: every request's sample and the wall time of the round.</summary>
internal sealed record LoadResult(IReadOnlyList<RequestSample> Samples, TimeSpan Elapsed);
