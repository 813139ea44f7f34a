using LlMesh.Benchmarks.Load;
using LlMesh.Benchmarks.Processes;

namespace LlMesh.Benchmarks.Measurement;

/// <summary>Runs one round of a scenario on one path and turns the samples and /proc readings into a <see cref="RoundResult"/>.</summary>
internal sealed class RoundRunner(TimeSpan roundDuration, int backendProcessId, IReadOnlyDictionary<int, string> proxyNames)
{
    private readonly int _selfId = Environment.ProcessId;

    public async Task<RoundResult> RunAsync(BenchTarget target, Scenario scenario, CancellationToken cancellationToken)
    {
        var everyone = proxyNames.Keys.Append(backendProcessId).Append(_selfId).ToArray();
        var before = ResourceSnapshot.Take(everyone);
        var load = await LoadGenerator.RunAsync(target, scenario.Shape, scenario.Concurrency, scenario.MaxRequests, roundDuration, cancellationToken);
        var after = ResourceSnapshot.Take(everyone);

        var succeeded = load.Samples.Where(s => s.Succeeded).ToArray();
        var completed = succeeded.Length;
        var seconds = load.Elapsed.TotalSeconds;
        var events = succeeded.Sum(s => (long)s.Events);
        var firstByte = new LatencyStats(succeeded.Select(s => s.FirstByteTicks));
        var total = new LatencyStats(succeeded.Select(s => s.TotalTicks));
        double PerRequestMicros(double cpuSeconds) => completed == 0 ? double.NaN : cpuSeconds * 1e6 / completed;

        var proxyCpu = target.IsDirect ? double.NaN : after.CpuSecondsSince(before, target.ProxyProcessIds);
        var benchmarkCpu = after.CpuSecondsSince(before, everyone);
        return new RoundResult
        {
            Target = target.Name,
            Completed = completed,
            Failed = load.Samples.Count - completed,
            ElapsedSeconds = seconds,
            RequestsPerSecond = completed / seconds,
            EventsPerSecond = events / seconds,
            FirstByteP50 = firstByte.P50,
            FirstByteP99 = firstByte.P99,
            TotalP50 = total.P50,
            TotalP99 = total.P99,
            ProxyCpuPerRequest = PerRequestMicros(proxyCpu),
            ProxyCpuPerRequestByProcess = target.ProxyProcessIds.ToDictionary(
                id => proxyNames[id], id => PerRequestMicros(after.CpuSecondsSince(before, [id]))),
            ProxyCpuPerEvent = events == 0 ? double.NaN : proxyCpu * 1e6 / events,
            BackendCpuPerRequest = PerRequestMicros(after.CpuSecondsSince(before, [backendProcessId])),
            GeneratorCores = after.CpuSecondsSince(before, [_selfId]) / seconds,
            MachineBusyCores = after.MachineBusyCoresSince(before),
            OtherCores = Math.Max(0, after.MachineBusyCoresSince(before) - (benchmarkCpu / seconds)),
            ProxyRssBytes = target.ProxyProcessIds.Sum(ProcessStats.RssBytes),
        };
    }
}
