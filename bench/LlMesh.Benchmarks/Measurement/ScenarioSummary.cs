namespace LlMesh.Benchmarks.Measurement;

/// <summary>A scenario's three paths side by side, and how llmesh compares with the plain hop.</summary>
internal sealed record ScenarioSummary(Scenario Scenario, IReadOnlyList<TargetSummary> Targets)
{
    /// <summary>BENCHMARKING.md: llmesh (two hops) may add at most twice what one plain hop adds.</summary>
    public const double AddedTimeGoal = 2.0;

    /// <summary>BENCHMARKING.md: llmesh keeps at least 80% of the plain hop's throughput.</summary>
    public const double ThroughputGoal = 0.8;

    public TargetSummary Direct => Get(TargetNames.Direct);

    public TargetSummary Hop => Get(TargetNames.YarpHop);

    public TargetSummary LlMesh => Get(TargetNames.LlMesh);

    public double AddedFirstByteP50Ratio => Ratio(LlMesh.AddedFirstByteP50, Hop.AddedFirstByteP50);

    public double AddedFirstByteP99Ratio => Ratio(LlMesh.AddedFirstByteP99, Hop.AddedFirstByteP99);

    public double AddedTotalP50Ratio => Ratio(LlMesh.AddedTotalP50, Hop.AddedTotalP50);

    public double ThroughputRatio => Ratio(LlMesh.RequestsPerSecond, Hop.RequestsPerSecond);

    public bool MeetsAddedTimeGoal => AddedFirstByteP50Ratio <= AddedTimeGoal;

    public bool MeetsThroughputGoal => ThroughputRatio >= ThroughputGoal;

    public static ScenarioSummary From(Scenario scenario, IReadOnlyList<IReadOnlyDictionary<string, RoundResult>> repeats)
    {
        var direct = repeats.Select(r => r[TargetNames.Direct]).ToArray();
        var targets = repeats[0].Keys
            .Select(name => TargetSummary.From(name, repeats.Select(r => r[name]).ToArray(), direct))
            .ToArray();
        return new ScenarioSummary(scenario, targets);
    }

    /// <summary>NaN when the plain hop added nothing measurable: a ratio to ~0 says nothing.</summary>
    private static double Ratio(double value, double reference) => reference > 0.01 ? value / reference : double.NaN;

    private TargetSummary Get(string name) => Targets.Single(t => t.Target == name);
}
