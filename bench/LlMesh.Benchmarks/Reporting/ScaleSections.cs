using System.Text;
using LlMesh.Benchmarks.Measurement;
using LlMesh.Benchmarks.Processes;
using LlMesh.Configuration.Memory;
using static LlMesh.Benchmarks.Reporting.Format;

namespace LlMesh.Benchmarks.Reporting;

/// <summary>The scale goals' summary table and the sections drawn from the paths phase: TTFB at 1,000 streams, events per second, idle memory.</summary>
internal static class ScaleSections
{
    public static void WriteGoalTable(StringBuilder text, BenchRecord run)
    {
        text.AppendLine("## Goal check: scale and failover").AppendLine();
        text.AppendLine("Each goal has its own section below with the figures behind it.").AppendLine();
        var table = new MarkdownTable("topic", "goal", "measured", "met").AlignLeft(4);
        foreach (var check in ScaleGoals.All(run))
        {
            table.Add(check.Topic, check.Goal, check.Measured, check.Verdict);
        }

        table.WriteTo(text);
    }

    public static void WriteHighConcurrency(StringBuilder text, BenchRecord run)
    {
        var scenarios = ScaleGoals.HighConcurrencyScenarios(run);
        if (scenarios.Count == 0)
        {
            return;
        }

        text.AppendLine("## Time to first event at 1,000 concurrent streams").AppendLine();
        text.AppendLine(ScaleGoals.FirstByteAtHighConcurrency(run).Line).AppendLine();
        text.AppendLine(Provenance.Line(run)).AppendLine();
        text.AppendLine($"Closed loop of 1,000 callers, each with its own keep-alive connection; the backend and the agent have {run.Paths.BackendSlots} slots, a quarter more than callers, so no path queues for a slot (nor is the gateway's default queue limit of 1,000 waiting requests per model reached); the agent opens one tunnel per 100 slots. Added = path minus direct in the same repeat, median over repeats; ms.").AppendLine();
        var table = new MarkdownTable("scenario", "path", "TTFB p50", "TTFB p99", "added p50", "added p99", "added p50 ÷ hop's", "streams/s", "events/s", "errors").AlignLeft(2);
        foreach (var s in scenarios)
        {
            foreach (var t in s.Targets)
            {
                var direct = t.Target == TargetNames.Direct;
                table.Add(
                    MarkdownReport.Short(s), t.Target, Ms(t.FirstByteP50), Ms(t.FirstByteP99),
                    direct ? "–" : AddedMs(t.AddedFirstByteP50), direct ? "–" : AddedMs(t.AddedFirstByteP99),
                    t.Target == TargetNames.LlMesh ? Ratio(s.AddedFirstByteP50Ratio) : "–",
                    Rate(t.RequestsPerSecond), Rate(t.EventsPerSecond), $"{t.Failed} of {t.Completed + t.Failed}");
            }
        }

        table.WriteTo(text);
        text.AppendLine("At this concurrency the 2 cores are saturated by the load generator, the backend and the proxies together; the figures are waiting for a core as much as proxy work.").AppendLine();
    }

    public static void WriteRelayedEvents(StringBuilder text, BenchRecord run)
    {
        if (ScaleGoals.EventsScenario(run) is null)
        {
            return;
        }

        text.AppendLine("## SSE events relayed per second").AppendLine();
        text.AppendLine(ScaleGoals.RelayedEvents(run).Line).AppendLine();
        text.AppendLine(Provenance.Line(run)).AppendLine();
        text.AppendLine("Events/s = token events read by the callers over the round's wall time, median over repeats; the backend has no token delay, so the paths relay as fast as the machine lets them. Proxy CPU per event is the gateway's and agent's (or the hop's) CPU over the events relayed.").AppendLine();
        var table = new MarkdownTable("scenario", "direct events/s", "yarp-hop events/s", "llmesh events/s", "llmesh ÷ hop", "hop CPU µs/event", "llmesh CPU µs/event", "load generator cores (max)");
        foreach (var s in run.Scenarios.Where(s => s.Scenario.Shape.Stream))
        {
            table.Add(
                MarkdownReport.Short(s), Rate(s.Direct.EventsPerSecond), Rate(s.Hop.EventsPerSecond), Rate(s.LlMesh.EventsPerSecond),
                Ratio(s.LlMesh.EventsPerSecond / s.Hop.EventsPerSecond), Number(s.Hop.ProxyCpuPerEvent, "0.0"), Number(s.LlMesh.ProxyCpuPerEvent, "0.0"),
                Cores(s.Targets.Max(t => t.GeneratorCoresMax)));
        }

        table.WriteTo(text);
    }

    public static void WriteIdleMemory(StringBuilder text, BenchRecord run)
    {
        var readings = ScaleGoals.IdleReadings(run);
        if (readings.Count == 0)
        {
            return;
        }

        text.AppendLine("## Idle memory").AppendLine();
        text.AppendLine(ScaleGoals.IdleMemory(run, "gateway", ScaleGoals.GatewayIdleMegabytes).Line).AppendLine();
        text.AppendLine(ScaleGoals.IdleMemory(run, "agent", ScaleGoals.AgentIdleMegabytes).Line).AppendLine();
        text.AppendLine(Provenance.Line(run)).AppendLine();
        var build = run.Builds.Kind == ProgramBuilds.Aot
            ? "NativeAOT publishes; gateway and hop on the server GC, agent on the workstation GC; production settings. In brackets the anonymous part (RssAnon: GC heap, the runtime's type data rehydrated at start, native memory, stacks); the rest is mapped files (the program itself, OpenSSL, libc), which count in RSS but are shared with the page cache"
            : "JIT builds; gateway and hop on the server GC, agent on the workstation GC; production settings. In brackets the anonymous part (RssAnon: GC heap, native memory, JIT code, stacks); the rest is mapped files (the runtime's and the app's DLLs), which count in RSS but are shared between processes";
        text.AppendLine(
            $"VmRSS (MB) of freshly started processes {IdleReading.Settled.TotalSeconds:0} s after the agent was ready (the gateway listing its model), before any inference request: " +
            $"past the idle trim, by which gateway and agent give back the heap memory start-up touched once they have been quiet for {MemoryOptions.DefaultIdleTrimAfter.TotalSeconds:0} s " +
            $"(`LlMesh:Memory:IdleTrimAfter`, `Agent:Memory:IdleTrimAfter`); the first row was read {IdleReading.StartUp.TotalSeconds:0} s after the agent was ready, before the trim. {build}. " +
            "The agent opens one tunnel per 100 slots, so its figure grows a little with the slots it advertises.").AppendLine();
        var table = new MarkdownTable("fresh start", "gateway", "agent", "yarp-hop", "backend");
        if (run.Memory.Moments.FirstOrDefault(m => m.Moment == MemoryTracker.StartUp).Bytes is { } startUp)
        {
            var startUpAnonymous = run.Memory.Moments.FirstOrDefault(m => m.Moment == MemoryTracker.StartUpAnonymous).Bytes ?? new Dictionary<string, long>();
            table.Add(
                $"paths phase, {IdleReading.StartUp.TotalSeconds:0} s after start-up (before the idle trim)",
                Mb(startUp, startUpAnonymous, "gateway"), Mb(startUp, startUpAnonymous, "agent"), Mb(startUp, startUpAnonymous, TargetNames.YarpHop), Mb(startUp, startUpAnonymous, "backend"));
        }

        foreach (var (where, bytes, anonymous) in readings)
        {
            table.Add(where, Mb(bytes, anonymous, "gateway"), Mb(bytes, anonymous, "agent"), Mb(bytes, anonymous, TargetNames.YarpHop), Mb(bytes, anonymous, "backend"));
        }

        table.WriteTo(text);

        static string Mb(IReadOnlyDictionary<string, long> bytes, IReadOnlyDictionary<string, long> anonymous, string name) =>
            !bytes.TryGetValue(name, out var value) ? "–"
            : anonymous.TryGetValue(name, out var anon) ? $"{Megabytes(value / 1048576.0)} ({Megabytes(anon / 1048576.0)})"
            : Megabytes(value / 1048576.0);
    }
}
