using BenchmarkDotNet.Jobs;

namespace LlMesh.Benchmarks.Scheduler;

/// <summary>
/// BenchmarkDotNet's default job, which forces a full GC before each measured decision (so the decision
/// meets cold caches and freshly compacted memory), and the same job without that GC (caches as the
/// previous decision and the untimed set-up left them, closer to a gateway that decides all the time).
/// </summary>
internal static class DecisionJobs
{
    public static readonly Job Default = Job.Default.WithId("DefaultJob");

    public static readonly Job NoForcedGc = Job.Default.WithGcForce(false).WithId("NoForcedGC");
}
