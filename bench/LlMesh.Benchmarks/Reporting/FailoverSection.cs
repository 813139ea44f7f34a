using System.Text;
using LlMesh.Benchmarks.Measurement;
using static LlMesh.Benchmarks.Reporting.Format;

namespace LlMesh.Benchmarks.Reporting;

/// <summary>The failover section: time from an agent's death to the caller's first event from another agent.</summary>
internal static class FailoverSection
{
    public static void Write(StringBuilder text, BenchRecord run)
    {
        if (run.Failover is not { } failover)
        {
            return;
        }

        text.AppendLine("## Re-dispatch after a worker dies").AppendLine();
        text.AppendLine(ScaleGoals.Redispatch(run).Line).AppendLine();
        text.AppendLine(Provenance.Line(run)).AppendLine();
        text.AppendLine("Fresh processes, production settings: one gateway; a steady agent in front of a fake llama-server with 2 slots; per repeat a new *doomed* agent (8 slots, so the scheduler prefers it) in front of a fake whose prefill never ends. A stream request (unique content, so prefix affinity plays no part) is sent, seen in prefill on the doomed backend (`/slots`), then the doomed agent process is killed with SIGKILL; the time runs from the signal to the first `data:` event the caller reads, which comes from the steady agent after the gateway re-queued the job. Every answer must end with `[DONE]` and carry no error event.").AppendLine();
        var table = new MarkdownTable("case", "repeats", "p50 ms", "max ms", "every repeat (ms)").AlignLeft(1);
        table.Add("agent killed (SIGKILL)", Integer(failover.KilledMs.Count), Ms(LatencyStats.Median(failover.KilledMs)), Max(failover.KilledMs), Each(failover.KilledMs));
        if (failover.FrozenMs.Count > 0)
        {
            table.Add("agent frozen (SIGSTOP)", Integer(failover.FrozenMs.Count), Ms(LatencyStats.Median(failover.FrozenMs)), Max(failover.FrozenMs), Each(failover.FrozenMs));
        }

        table.Add("reference: first event through llmesh, no failure", "20", Ms(failover.LlMeshFirstEventMs), "–", "–");
        table.Add("reference: first event direct to the backend", "20", Ms(failover.DirectFirstEventMs), "–", "–");
        table.WriteTo(text);
        foreach (var failure in failover.Failures)
        {
            text.Append("- Failed repeat: ").AppendLine(failure);
        }

        text.AppendLine("What governs the time: a killed process's sockets are closed by the kernel, so the gateway's HTTP/2 connection over the tunnel fails at once, YARP reports the forward as failed before any byte of the answer, and the gateway suspends that worker and queues the job again at its old place (`LlMesh:LongRuns:MaxRequeues`, default 3 re-queues); the next free slot takes it. No timer is involved, so the figure is the same with any ping setting. When an agent vanishes *without* its connections closing (host power loss, network cut, a hung process), nothing tells the gateway until the tunnel's keep-alive ping goes unanswered: `LlMesh:Tunnel:PingInterval` (default 15 s) plus `LlMesh:Tunnel:PingTimeout` (default 15 s), so about 30 s and then some with production defaults (shorter settings shorten it in proportion: with both at 2 s, `--child-env LlMesh__Tunnel__PingInterval=00:00:02 --child-env LlMesh__Tunnel__PingTimeout=00:00:02`, a frozen agent's job was re-dispatched after about 4.5 s on 2026-12-03)" +
            (failover.FrozenMs.Count > 0 ? "; the *frozen* row measures that case (SIGSTOP: the process stops, the kernel keeps its connections open)." : " (run with `--with-frozen-agent` to measure it: SIGSTOP keeps the connections open).")).AppendLine();
    }

    private static string Max(IReadOnlyList<double> values) => values.Count == 0 ? "n/a" : Ms(values.Max());

    private static string Each(IReadOnlyList<double> values) => string.Join(", ", values.Select(Ms));
}
