using LlMesh.Benchmarks.Measurement;
using static LlMesh.Benchmarks.Reporting.Format;

namespace LlMesh.Benchmarks.Reporting;

/// <summary>Plain-language findings drawn from the numbers: goals met or missed, saturation, noise, errors.</summary>
internal static class Interpretation
{
    /// <summary>BENCHMARKING.md: the load generator must stay under ~85% of a core.</summary>
    public const double GeneratorSaturation = 0.85;

    private const double NoiseCores = 0.15;

    public static IEnumerable<string> Findings(BenchRecord run)
    {
        var scenarios = run.Scenarios;
        var timeMet = scenarios.Where(s => s.MeetsAddedTimeGoal).Select(MarkdownReport.Short).ToArray();
        var timeMissed = scenarios.Where(s => !s.MeetsAddedTimeGoal && !double.IsNaN(s.AddedFirstByteP50Ratio)).ToArray();
        var throughputMissed = scenarios.Where(s => !s.MeetsThroughputGoal).ToArray();
        yield return $"Added TTFB p50 within 2× of the plain hop in {timeMet.Length} of {scenarios.Count} scenarios"
            + (timeMissed.Length == 0 ? "." : "; over it in: " + string.Join(", ", timeMissed.Select(s => $"{MarkdownReport.Short(s.Scenario)} ({AddedMs(s.LlMesh.AddedFirstByteP50)} vs {AddedMs(s.Hop.AddedFirstByteP50)} ms, {Ratio(s.AddedFirstByteP50Ratio)})")) + ".");
        yield return throughputMissed.Length == 0
            ? $"Throughput at least {ScenarioSummary.ThroughputGoal:0.0}× the plain hop's in every scenario."
            : "Throughput below 0.8× the plain hop's in: " + string.Join(", ", throughputMissed.Select(s => $"{MarkdownReport.Short(s.Scenario)} ({Ratio(s.ThroughputRatio)})")) + ".";

        if (scenarios[0].Targets.Any(t => t.Target == TargetNames.TwoHops))
        {
            yield return "Against two plain hops in a row (same number of processes as llmesh): added TTFB p50 "
                + string.Join(", ", scenarios.Select(s => $"{MarkdownReport.Short(s.Scenario)} {AddedMs(s.LlMesh.AddedFirstByteP50)} vs {AddedMs(s.Targets.Single(t => t.Target == TargetNames.TwoHops).AddedFirstByteP50)} ms"))
                + ". What llmesh adds beyond that is its own work (API key, admission, scheduling) and the tunnel (HTTP/2 over a WebSocket instead of HTTP/1.1 over TCP).";
        }

        var cpuRatios = scenarios.Select(s => s.LlMesh.ProxyCpuPerRequest / s.Hop.ProxyCpuPerRequest).Where(r => !double.IsNaN(r)).ToArray();
        if (cpuRatios.Length > 0)
        {
            yield return $"llmesh spends {cpuRatios.Min():0.0}–{cpuRatios.Max():0.0}× the plain hop's CPU per request (gateway + agent against one YARP process). On a 2-core machine shared with the load generator and the backend, that CPU is what limits throughput and sets latency once the cores are busy.";
        }

        var saturated = scenarios.Where(s => s.Targets.Any(t => t.BenchmarkCores > Environment.ProcessorCount * 0.9)).Select(MarkdownReport.Short).ToArray();
        if (saturated.Length > 0)
        {
            yield return $"The benchmark's own processes (load generator, backend, proxies) keep the machine's {Environment.ProcessorCount} cores busy in: {string.Join(", ", saturated)}. There latency is mostly waiting for a core, and the throughput ratio follows the ratio of CPU per request of the whole chain; it says little about an unloaded proxy.";
        }

        var generatorBusy = scenarios.Where(s => s.Targets.Any(t => t.GeneratorCoresMax > GeneratorSaturation)).Select(MarkdownReport.Short).ToArray();
        yield return generatorBusy.Length == 0
            ? $"The load generator stayed under {GeneratorSaturation:0.00} of a core in every round (highest {Cores(scenarios.Max(s => s.Targets.Max(t => t.GeneratorCoresMax)))})."
            : $"The load generator went over {GeneratorSaturation:0.00} of a core in: {string.Join(", ", generatorBusy)}; direct-path figures there are bounded by the generator, not the backend.";

        if (run.RoundsDelayedForQuiet > 0)
        {
            yield return $"{run.RoundsDelayedForQuiet} rounds waited for other processes to leave the CPU ({run.WaitedForQuiet.TotalSeconds:0} s in all, at most {run.Options.MaxQuietWait.TotalSeconds:0} s allowed): someone else was using this machine during the run.";
        }

        var noisy = run.Rounds.Where(r => r.Result.OtherCores > NoiseCores).ToArray();
        yield return noisy.Length == 0
            ? $"No noticeable outside load: other processes used at most {Cores(run.Rounds.Max(r => r.Result.OtherCores))} cores in any round."
            : $"Outside load (other processes above {NoiseCores} cores) in {noisy.Length} of {run.Rounds.Count} rounds, up to {Cores(noisy.Max(r => r.Result.OtherCores))} cores; medians over repeats damp it, the raw rounds show where.";

        var failed = scenarios.SelectMany(s => s.Targets.Where(t => t.Failed > 0).Select(t => $"{MarkdownReport.Short(s.Scenario)} {t.Target}: {t.Failed}")).ToArray();
        yield return failed.Length == 0 ? "No request failed." : "Failed requests: " + string.Join(", ", failed) + ".";
    }
}
