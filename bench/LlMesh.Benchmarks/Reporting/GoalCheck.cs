namespace LlMesh.Benchmarks.Reporting;

/// <summary>One goal of the scale and failover checks: what was asked, what was measured, and whether it was met (null: not measured).</summary>
internal sealed record GoalCheck(string Topic, string Goal, string Measured, bool? Met)
{
    public string Verdict => Met switch
    {
        true => "yes",
        false => "**no**",
        null => "not measured",
    };

    /// <summary>The line each section opens with.</summary>
    public string Line => $"**Goal check:** {Goal}. Measured: {Measured}. Met: {Verdict}.";
}
