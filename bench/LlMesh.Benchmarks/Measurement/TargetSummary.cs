namespace LlMesh.Benchmarks.Measurement;

/// <summary>
/// One path in one scenario over all repeats: medians of the rounds. "Added" figures are taken per repeat
/// against the direct round of the same repeat (measured moments before), then the median of those.
/// </summary>
internal sealed record TargetSummary
{
    public required string Target { get; init; }

    public required int Rounds { get; init; }

    public required int Completed { get; init; }

    public required int Failed { get; init; }

    public required double RequestsPerSecond { get; init; }

    public required double EventsPerSecond { get; init; }

    public required double FirstByteP50 { get; init; }

    public required double FirstByteP99 { get; init; }

    public required double TotalP50 { get; init; }

    public required double TotalP99 { get; init; }

    public required double AddedFirstByteP50 { get; init; }

    public required double AddedFirstByteP99 { get; init; }

    public required double AddedTotalP50 { get; init; }

    public required double AddedTotalP99 { get; init; }

    public required double ProxyCpuPerRequest { get; init; }

    public required IReadOnlyDictionary<string, double> ProxyCpuPerRequestByProcess { get; init; }

    public required double ProxyCpuPerEvent { get; init; }

    public required double BackendCpuPerRequest { get; init; }

    public required double GeneratorCores { get; init; }

    public required double GeneratorCoresMax { get; init; }

    public required double MachineBusyCores { get; init; }

    public required double OtherCoresMax { get; init; }

    /// <summary>Cores used by the benchmark's own processes (machine busy minus others), median.</summary>
    public required double BenchmarkCores { get; init; }

    public required double ProxyRssMegabytes { get; init; }

    public static TargetSummary From(string target, IReadOnlyList<RoundResult> rounds, IReadOnlyList<RoundResult> directRounds)
    {
        double Median(Func<RoundResult, double> metric) => LatencyStats.Median(rounds.Select(metric));
        double Added(Func<RoundResult, double> metric) =>
            LatencyStats.Median(rounds.Zip(directRounds, (round, direct) => metric(round) - metric(direct)));

        return new TargetSummary
        {
            Target = target,
            Rounds = rounds.Count,
            Completed = rounds.Sum(r => r.Completed),
            Failed = rounds.Sum(r => r.Failed),
            RequestsPerSecond = Median(r => r.RequestsPerSecond),
            EventsPerSecond = Median(r => r.EventsPerSecond),
            FirstByteP50 = Median(r => r.FirstByteP50),
            FirstByteP99 = Median(r => r.FirstByteP99),
            TotalP50 = Median(r => r.TotalP50),
            TotalP99 = Median(r => r.TotalP99),
            AddedFirstByteP50 = Added(r => r.FirstByteP50),
            AddedFirstByteP99 = Added(r => r.FirstByteP99),
            AddedTotalP50 = Added(r => r.TotalP50),
            AddedTotalP99 = Added(r => r.TotalP99),
            ProxyCpuPerRequest = Median(r => r.ProxyCpuPerRequest),
            ProxyCpuPerRequestByProcess = rounds[0].ProxyCpuPerRequestByProcess.Keys.ToDictionary(
                name => name, name => Median(r => r.ProxyCpuPerRequestByProcess[name])),
            ProxyCpuPerEvent = Median(r => r.ProxyCpuPerEvent),
            BackendCpuPerRequest = Median(r => r.BackendCpuPerRequest),
            GeneratorCores = Median(r => r.GeneratorCores),
            GeneratorCoresMax = rounds.Max(r => r.GeneratorCores),
            MachineBusyCores = Median(r => r.MachineBusyCores),
            OtherCoresMax = rounds.Max(r => r.OtherCores),
            BenchmarkCores = Median(r => r.MachineBusyCores - r.OtherCores),
            ProxyRssMegabytes = Median(r => r.ProxyRssBytes / 1048576.0),
        };
    }
}
