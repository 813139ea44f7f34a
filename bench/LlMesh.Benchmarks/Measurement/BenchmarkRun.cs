using System.Diagnostics;
using LlMesh.Benchmarks.Load;
using LlMesh.Benchmarks.Processes;
using LlMesh.Benchmarks.Reporting;
using LlMesh.Testing;

namespace LlMesh.Benchmarks.Measurement;

/// <summary>
/// The whole run: start the processes, warm up, then for each repeat go round every scenario measuring
/// direct, plain hop and llmesh back to back; summarise, print and write the report.
/// </summary>
internal sealed class BenchmarkRun(BenchOptions options, string[] args)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var machine = MachineInfo.Read();
        var clock = Stopwatch.StartNew();
        if (RepoPaths.Configuration != "Release")
        {
            Console.WriteLine($"WARNING: the processes under test are a {RepoPaths.Configuration} build; run with -c Release for real numbers.");
        }

        Console.WriteLine("Starting backend, plain YARP hop, gateway and agent...");
        await using var topology = await BenchTopology.StartAsync(options, cancellationToken);
        using var targetSet = new TargetSet(topology);
        var targets = targetSet.All;
        var memory = new MemoryTracker();
        memory.Record("idle", targetSet.Processes());

        Console.WriteLine("Warming up every path...");
        await WarmUp.RunAsync(targets, options, cancellationToken);
        memory.Record("after warm-up", targetSet.Processes());

        var scenarios = options.Shapes.SelectMany(shape => options.Concurrencies.Select(c => Scenario.For(shape, c))).ToArray();
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
                    EnsureAlive(topology);
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
        var record = new BenchRecord(
            startedAt, clock.Elapsed, machine, Command(), RepoPaths.Configuration, options, summaries, memory, rounds, gate.RoundsDelayed, gate.Waited);
        var path = options.OutputPath ?? Path.Combine(RepoPaths.Root, "docs", "benchmarks.md");
        // Sections other benchmarks keep in the same file (scheduler decision time) survive the rewrite.
        var previous = options.WriteReport && File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
        var report = MarkdownReport.Build(record, previous);
        Console.WriteLine();
        Console.WriteLine(report);
        if (options.WriteReport)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, report, cancellationToken);
            Console.WriteLine($"Wrote {path}");
        }

        return 0;
    }

    private static void EnsureAlive(BenchTopology topology)
    {
        foreach (var process in new[] { topology.Backend, topology.Hop, topology.Gateway, topology.Agent, topology.SecondHop }.OfType<BenchProcess>())
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited ({process.ExitCode}) during the run.\n{process.Output}");
            }
        }
    }

    private static void PrintRound(int repeat, Scenario scenario, RoundResult r) =>
        Console.WriteLine(
            $"[{repeat}] {MarkdownReport.Short(scenario),-11} {r.Target,-8} {r.Completed,6} req {r.RequestsPerSecond,7:0} req/s  " +
            $"TTFB p50 {r.FirstByteP50,6:0.00} p99 {r.FirstByteP99,7:0.00}  total p50 {r.TotalP50,6:0.00} p99 {r.TotalP99,7:0.00} ms  " +
            $"proxy {r.ProxyCpuPerRequest,5:0} µs/req  gen {r.GeneratorCores:0.00} busy {r.MachineBusyCores:0.00} other {r.OtherCores:0.00} cores  errors {r.Failed}");

    private string Command() =>
        $"cd {RepoPaths.Root.TrimEnd('/')} && dotnet run -c {RepoPaths.Configuration} --project bench/LlMesh.Benchmarks" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
}
