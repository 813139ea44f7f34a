using System.Diagnostics;
using LlMesh.Benchmarks.Failover;
using LlMesh.Benchmarks.Holding;
using LlMesh.Benchmarks.Processes;
using LlMesh.Benchmarks.Reporting;
using LlMesh.Testing;

namespace LlMesh.Benchmarks.Measurement;

/// <summary>
/// The whole run: the side-by-side paths phase, then held streams and failover, each on fresh processes;
/// summarise, print and write the report.
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

        // Published before the clock of the measurements matters: the publishes are not part of any figure.
        var builds = options.Build == ProgramBuilds.Aot ? await ProgramBuilds.PublishAotAsync(cancellationToken) : ProgramBuilds.JitBuilds();
        var paths = options.Runs(BenchOptions.PathsPhase) ? await new PathsPhase(options, builds).RunAsync(cancellationToken) : PathsResult.Skipped;
        var hold = options.Runs(BenchOptions.HoldPhase) ? await new HoldPhase(options, builds).RunAsync(cancellationToken) : null;
        var failover = options.Runs(BenchOptions.FailoverPhase) ? await new FailoverPhase(options, builds).RunAsync(cancellationToken) : null;

        var record = new BenchRecord(startedAt, clock.Elapsed, machine, Command(), RepoPaths.Configuration, builds, options, paths, hold, failover);
        var path = options.OutputPath ?? Path.Combine(RepoPaths.Root, "docs", "benchmarks.md");
        // Sections other benchmarks keep in the same file (scheduler decision time, shared queue) survive the rewrite.
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

    private string Command() =>
        $"cd {RepoPaths.Root.TrimEnd('/')} && dotnet run -c {RepoPaths.Configuration} --project bench/LlMesh.Benchmarks" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
}
