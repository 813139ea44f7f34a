using System.CommandLine;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using LlMesh.Benchmarks.Reporting;
using LlMesh.Benchmarks.Scheduler.Reporting;

namespace LlMesh.Benchmarks.Scheduler;

/// <summary>
/// Runs <see cref="DecisionBenchmarks"/> and, when every case ran, rewrites its own section of
/// <c>docs/benchmarks.md</c>. Arguments go to BenchmarkDotNet, except its own options (<c>--help</c>):
/// <c>--note TEXT</c> (what else was running, for the report) and <c>--no-report</c>. With <c>--shared-queue</c> it measures the shared queue's
/// Redis side instead (<see cref="SharedQueue.SharedQueueBenchmark"/>).
/// </summary>
internal static class Program
{
    private static readonly Option<string?> Note = new("--note") { Description = "What else was running, for the report" };
    private static readonly Option<bool> NoReport = new("--no-report") { Description = "Print the section only; docs/benchmarks.md stays as it is" };
    private static readonly Option<bool> SharedQueueOnly = new("--shared-queue") { Description = "Measure the shared queue's Redis side (enqueue + claim pairs per second on a local redis-server) instead" };
    private static readonly Option<bool> ReplicaHopOnly = new("--replica-hop") { Description = "Measure what the cross-replica hop adds instead" };

    public static int Main(string[] args)
    {
        var root = new RootCommand("llmesh scheduler benchmarks (BenchmarkDotNet). Other arguments go to BenchmarkDotNet, e.g. --filter '*Arrival*'.")
        {
            Note, NoReport, SharedQueueOnly, ReplicaHopOnly,
        };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction(parse => Run([.. parse.UnmatchedTokens], parse.GetValue(Note), !parse.GetValue(NoReport), parse.GetValue(SharedQueueOnly), parse.GetValue(ReplicaHopOnly)));
        return root.Parse(args).Invoke();
    }

    private static int Run(string[] benchmarkArgs, string? note, bool writeReport, bool sharedQueue, bool replicaHop)
    {
        if (sharedQueue)
        {
            return SectionMain(writeReport, MarkedSection.SharedQueue, () => SharedQueue.SharedQueueBenchmark.RunAsync(TimeSpan.FromSeconds(3), repeats: 3));
        }

        if (replicaHop)
        {
            return SectionMain(writeReport, MarkedSection.ReplicaHop, () => ReplicaHop.ReplicaHopBenchmark.RunAsync(TimeSpan.FromSeconds(2), repeats: 5));
        }

        var started = DateTimeOffset.UtcNow;
        using var load = new MachineLoad();
        var config = DefaultConfig.Instance
            .AddJob(DecisionJobs.Default)
            .AddJob(DecisionJobs.NoForcedGc)
            .AddColumn(StatisticColumn.P50, StatisticColumn.P95, new PercentileColumn(99))
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        var summary = BenchmarkRunner.Run<DecisionBenchmarks>(config, benchmarkArgs);
        var machineLoad = load.Stop();
        const int expected = 2 * 3 * 2; // decisions × queue lengths × jobs
        if (summary.HasCriticalValidationErrors || summary.Reports.Length != expected || summary.Reports.Any(r => !r.Success || r.ResultStatistics is null))
        {
            Console.Error.WriteLine($"Not every case ran ({summary.Reports.Count(r => r.Success)} of {expected}); docs/benchmarks.md left as it was.");
            return 1;
        }

        var command = "dotnet run -c Release --project bench/LlMesh.Benchmarks.Scheduler" + (benchmarkArgs.Length > 0 ? " -- " + string.Join(' ', benchmarkArgs.Select(Quote)) : "");
        var section = SchedulerReport.Build(summary, new RunContext(started, DateTimeOffset.UtcNow - started, command, RepoInfo.Commit(), machineLoad, note));
        Console.WriteLine();
        Console.WriteLine(section);
        if (writeReport)
        {
            var path = RepoInfo.ReportPath;
            var document = File.Exists(path) ? File.ReadAllText(path) : "";
            var notes = MarkedSection.Scheduler.Find(document) is { } previous ? MarkedSection.SchedulerNotes.Find(previous) : null;
            File.WriteAllText(path, MarkedSection.Scheduler.Put(document, notes is null ? section : $"{section.TrimEnd('\n')}\n\n{notes}\n"));
            Console.WriteLine($"Wrote the scheduler section of {path}");
        }

        return 0;
    }

    /// <summary>
    /// <c>--shared-queue</c> (enqueue + claim pairs per second on a local redis-server) and <c>--replica-hop</c>
    /// (what the cross-replica hop adds): each writes its own section of the report.
    /// </summary>
    private static int SectionMain(bool writeReport, MarkedSection target, Func<Task<string>> run)
    {
        var section = run().GetAwaiter().GetResult();
        Console.WriteLine();
        Console.WriteLine(section);
        if (writeReport)
        {
            var path = RepoInfo.ReportPath;
            var document = File.Exists(path) ? File.ReadAllText(path) : "";
            File.WriteAllText(path, target.Put(document, section));
            Console.WriteLine($"Wrote the {target.Begin} section of {path}");
        }

        return 0;
    }

    private static string Quote(string arg) => arg.Contains(' ', StringComparison.Ordinal) ? $"\"{arg}\"" : arg;
}
