using BenchmarkDotNet.Attributes;
using LlMesh.Benchmarks.Scheduler.Workload;

namespace LlMesh.Benchmarks.Scheduler;

/// <summary>
/// One scheduling decision per iteration, with <see cref="Queued"/> jobs waiting and every slot busy.
/// <c>[IterationSetup]</c> makes BenchmarkDotNet run exactly one invocation per iteration and restores
/// the queue length before each, so every sample is one decision at the same queue length.
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private SteadyMesh _mesh = null!;

    [Params(10, 1_000, 10_000)]
    public int Queued { get; set; }

    [GlobalSetup]
    public void BuildMesh() => _mesh = new SteadyMesh(Queued);

    [IterationSetup]
    public void RestoreSteadyState() => _mesh.Settle();

    /// <summary>A job ends; the scheduler picks the next job for its slot among the waiting ones.</summary>
    [Benchmark]
    public void SlotFreed() => _mesh.CompleteOne();

    /// <summary>A job arrives while every slot is busy; the scheduler finds no worker for it and queues it.</summary>
    [Benchmark]
    public void JobArrives() => _mesh.ArriveOne();
}
