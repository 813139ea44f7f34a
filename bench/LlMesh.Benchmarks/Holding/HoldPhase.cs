using LlMesh.Benchmarks.Load;
using LlMesh.Benchmarks.Measurement;
using LlMesh.Benchmarks.Processes;

namespace LlMesh.Benchmarks.Holding;

/// <summary>
/// How many open streams a path holds and what they cost in memory: fresh processes in front of a slow
/// backend (one token per <c>--hold-token-delay-ms</c>, answers that never end), then per path: warm up,
/// read RSS, open streams in steps (500, 1,000, 2,000, …), and at each step check that every stream got
/// its first event and is still receiving, and read RSS again.
/// </summary>
internal sealed class HoldPhase(BenchOptions options, ProgramBuilds builds)
{
    private const int WarmUpStreams = 100;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(120);

    public async Task<HoldResult> RunAsync(CancellationToken cancellationToken)
    {
        var slots = Math.Min(BenchOptions.MaxHoldStreams, options.HoldStreams.Max() + 96);
        var profile = new BackendProfile(slots, Tokens: 1_000_000, TokenDelayMs: options.HoldTokenDelayMs);
        Console.WriteLine($"Held streams: fresh backend ({slots} slots, a token every {options.HoldTokenDelayMs} ms), plain hop, gateway and agent...");
        await using var topology = await BenchTopology.StartAsync(options, builds, profile, cancellationToken);
        using var targets = new TargetSet(topology);
        using var backend = new BackendSlots(topology.BackendAddress);
        await Task.Delay(IdleReading.Settled, cancellationToken);
        var idle = Sample(targets.Processes());
        var idleAnon = targets.Processes().ToDictionary(p => p.Value, p => ProcessStats.RssAnonBytes(p.Key));

        var paths = new List<HoldPath>();
        foreach (var target in targets.All)
        {
            paths.Add(await HoldOnAsync(target, targets, backend, cancellationToken));
            topology.EnsureAlive();
        }

        return new HoldResult(options.HoldTokenDelayMs, slots, idle, idleAnon, paths);
    }

    private async Task<HoldPath> HoldOnAsync(BenchTarget target, TargetSet targets, BackendSlots backend, CancellationToken cancellationToken)
    {
        var names = target.ProxyProcessIds.Select(id => targets.Proxies[id]).ToArray();
        await using (var warmUp = new StreamHolder(target))
        {
            var (opened, _) = await warmUp.GrowToAsync(WarmUpStreams, StepTimeout, cancellationToken);
            Console.WriteLine($"  hold {target.Name,-8} warm-up: {opened.Count(s => s.FirstEvent.IsCompletedSuccessfully && s.FirstEvent.Result)} of {WarmUpStreams} streams opened");
        }

        await backend.WaitUntilIdleAsync(cancellationToken);
        var baseline = Sample(targets.Processes());
        var levels = new List<HoldLevel>();
        await using (var holder = new StreamHolder(target))
        {
            foreach (var count in options.HoldStreams)
            {
                var level = await StepAsync(holder, count, targets, cancellationToken);
                levels.Add(level);
                var rss = string.Join(", ", level.RssBytes.Select(p => $"{p.Key} {p.Value / 1048576.0:0} MB"));
                Console.WriteLine(
                    $"  hold {target.Name,-8} {count,5} streams: {level.WithFirstEvent} got a first event, {level.StillOpen} still open, {level.Flowing} flowing; " +
                    $"opened in {level.OpenSeconds:0.0} s (first event p50 {level.FirstEventP50:0.0} p99 {level.FirstEventP99:0.0} ms); {rss}" +
                    (level.Failure is null ? "" : $"; first failure: {level.Failure}"));
                if (!level.AllOpen)
                {
                    break;
                }
            }
        }

        await backend.WaitUntilIdleAsync(cancellationToken);
        return new HoldPath(target.Name, names, baseline, levels, Sample(targets.Processes()));
    }

    private static async Task<HoldLevel> StepAsync(StreamHolder holder, int count, TargetSet targets, CancellationToken cancellationToken)
    {
        var (opened, took) = await holder.GrowToAsync(count, StepTimeout, cancellationToken);
        var firstEvents = new LatencyStats(opened.Where(HasFirstEvent).Select(s => s.FirstEventTicks));
        var before = holder.Streams.Select(s => s.Events).ToArray();
        await Task.Delay(Settle, cancellationToken);
        var streams = holder.Streams;
        var withFirst = streams.Where(HasFirstEvent).ToArray();
        var open = withFirst.Where(s => !s.Ended).ToArray();
        return new HoldLevel
        {
            Streams = count,
            WithFirstEvent = withFirst.Length,
            StillOpen = open.Length,
            Flowing = streams.Where((s, i) => HasFirstEvent(s) && !s.Ended && s.Events > before[i]).Count(),
            OpenSeconds = took.TotalSeconds,
            FirstEventP50 = firstEvents.P50,
            FirstEventP99 = firstEvents.P99,
            RssBytes = Sample(targets.Processes()),
            Failure = streams.FirstOrDefault(s => s.Failure is not null)?.Failure,
        };
    }

    private static bool HasFirstEvent(HeldStream stream) => stream.FirstEvent.IsCompletedSuccessfully && stream.FirstEvent.Result;

    private static Dictionary<string, long> Sample(IReadOnlyDictionary<int, string> processes) =>
        processes.ToDictionary(p => p.Value, p => ProcessStats.RssBytes(p.Key));
}
