using LlMesh.Benchmarks.Processes;
using LlMesh.Benchmarks.Reporting;

namespace LlMesh.Benchmarks.Measurement;

/// <summary>
/// The side-by-side measurement: start the processes, read their idle memory, warm up, then for each repeat
/// go round every scenario measuring direct, plain hop and llmesh back to back.
/// </summary>
internal sealed class PathsPhase(BenchOptions options, ProgramBuilds builds)
{
    public async Task<PathsResult> RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine("Starting backend, plain YARP hop, gateway and agent...");
        // A quarter more slots than callers: a slot freed a moment after its caller read the last byte must not make the next request queue.
        var profile = BackendProfile.Fast(Math.Max(256, options.MaxConcurrency + (options.MaxConcurrency / 4)));
        await using var topology = await BenchTopology.StartAsync(options, builds, profile, cancellationToken, options.WithTwoHops);
        using var targetSet = new TargetSet(topology);
        var targets = targetSet.All;
        var memory = new MemoryTracker();
        await Task.Delay(IdleReading.StartUp, cancellationToken);
        memory.Record(MemoryTracker.StartUp, targetSet.Processes());
        memory.RecordAnonymous(MemoryTracker.StartUpAnonymous, targetSet.Processes());
        Console.WriteLine($"Waiting {IdleReading.Settled.TotalSeconds:0} s without traffic for the idle memory reading...");
        await Task.Delay(IdleReading.Settled - IdleReading.StartUp, cancellationToken);
        memory.Record(MemoryTracker.Idle, targetSet.Processes());
        memory.RecordAnonymous(MemoryTracker.IdleAnonymous, targetSet.Processes());

        Console.WriteLine("Warming up every path...");
        await WarmUp.RunAsync(targets, options, cancellationToken);
        memory.Record("after warm-up", targetSet.Processes());

        var scenarios = options.Shapes.SelectMany(shape => options.ConcurrenciesFor(shape).Select(c => Scenario.For(shape, c))).ToArray();
        var gate = new QuietGate(TimeSpan.FromSeconds(20), options.MaxQuietWait);
        var repeats = scenarios.ToDictionary(s => s, _ => new List<IReadOnlyDictionary<string, RoundResult>>());
        var rounds = new List<RecordedRound>();
        for (var repeat = 1; repeat <= options.Repeats; repeat++)
        {
            if (repeat > 1)
            {
                Console.WriteLine($"Repeat {repeat}: fresh backend (the fake records every request), reconnecting every path...");
                await topology.RestartBackendAsync(cancellationToken);
                await WarmUp.ReconnectAsync(targets, options, cancellationToken);
            }

            var runner = new RoundRunner(options.RoundDuration, topology.Backend.Id, targetSet.Proxies);
            IReadOnlyList<int> ours = [.. targetSet.Processes().Keys, Environment.ProcessId];
            foreach (var scenario in scenarios)
            {
                var results = new Dictionary<string, RoundResult>();
                foreach (var target in targets)
                {
                    await gate.WaitAsync(ours, cancellationToken);
                    var result = await runner.RunAsync(target, scenario, cancellationToken);
                    topology.EnsureAlive();
                    memory.UpdatePeak(targetSet.Processes());
                    results[target.Name] = result;
                    rounds.Add(new RecordedRound(repeat, scenario, result));
                    PrintRound(repeat, scenario, result);
                }

                repeats[scenario].Add(results);
            }
        }

        memory.Record("end", targetSet.Processes());
        var summaries = scenarios.Select(s => ScenarioSummary.From(s, repeats[s])).ToArray();
        return new PathsResult(summaries, memory, rounds, gate.RoundsDelayed, gate.Waited, profile.Slots);
    }

    private static void PrintRound(int repeat, Scenario scenario, RoundResult r) =>
        Console.WriteLine(
            $"[{repeat}] {MarkdownReport.Short(scenario),-12} {r.Target,-8} {r.Completed,6} req {r.RequestsPerSecond,7:0} req/s {r.EventsPerSecond,8:0} ev/s  " +
            $"TTFB p50 {r.FirstByteP50,6:0.00} p99 {r.FirstByteP99,7:0.00}  total p50 {r.TotalP50,6:0.00} p99 {r.TotalP99,7:0.00} ms  " +
            $"proxy {r.ProxyCpuPerRequest,5:0} µs/req  gen {r.GeneratorCores:0.00} busy {r.MachineBusyCores:0.00} other {r.OtherCores:0.00} cores  errors {r.Failed}");
}

/// <summary>What the paths phase hands to the report.</summary>
internal sealed record PathsResult(
    IReadOnlyList<ScenarioSummary> Scenarios,
    MemoryTracker Memory,
    IReadOnlyList<RecordedRound> Rounds,
    int RoundsDelayedForQuiet,
    TimeSpan WaitedForQuiet,
    int BackendSlots)
{
    public static PathsResult Skipped { get; } = new([], new MemoryTracker(), [], 0, TimeSpan.Zero, 0);
}
