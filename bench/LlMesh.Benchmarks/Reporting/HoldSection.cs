using System.Text;
using LlMesh.Benchmarks.Holding;
using static LlMesh.Benchmarks.Reporting.Format;

namespace LlMesh.Benchmarks.Reporting;

/// <summary>The held-streams section: per path and step, streams open and RSS, and the memory each open stream costs.</summary>
internal static class HoldSection
{
    public static void Write(StringBuilder text, BenchRecord run)
    {
        if (run.Hold is not { } hold)
        {
            return;
        }

        text.AppendLine("## Open streams and memory").AppendLine();
        text.AppendLine(ScaleGoals.HeldStreams(run).Line).AppendLine();
        text.AppendLine(Provenance.Line(run)).AppendLine();
        text.AppendLine($"Fresh processes for this phase: a fake llama-server with {hold.BackendSlots} slots that sends a token every {hold.TokenDelayMs} ms and never finishes, the plain hop, a gateway and an agent ({hold.BackendSlots} slots, so {(hold.BackendSlots + 99) / 100} tunnels). Per path: 100 streams opened and closed (warm-up), RSS read (*baseline*), then streams opened in steps (64 waiting for their first event at a time) and kept open; at each step, 3 s after the last first event, every stream is checked (*got first event*, *still open*: not ended or failed, *flowing*: received more events in those 3 s) and VmRSS read. *KB per stream* = (RSS − baseline) ÷ streams open. After the last step all streams are closed by the client and RSS read again once the backend's slots are free.").AppendLine();
        var table = new MarkdownTable("path", "streams", "got first event", "still open", "flowing", "opened in s", "first event p50 ms", "p99 ms", "proxy RSS MB", "KB per stream", "backend RSS MB").AlignLeft(2);
        foreach (var path in hold.Paths)
        {
            table.Add(path.Target, "baseline", "–", "–", "–", "–", "–", "–", Rss(path, path.BaselineRssBytes), "–", Mb(path.BaselineRssBytes, "backend"));
            foreach (var level in path.Levels)
            {
                table.Add(
                    path.Target, Integer(level.Streams), Integer(level.WithFirstEvent), Integer(level.StillOpen), Integer(level.Flowing),
                    Number(level.OpenSeconds, "0.0"), Ms(level.FirstEventP50), Ms(level.FirstEventP99), Rss(path, level.RssBytes),
                    PerStream(path, level), Mb(level.RssBytes, "backend"));
            }

            table.Add(path.Target, "after closing", "–", "–", "–", "–", "–", "–", Rss(path, path.AfterCloseRssBytes), "–", Mb(path.AfterCloseRssBytes, "backend"));
        }

        table.WriteTo(text);
        foreach (var failure in hold.Paths.SelectMany(p => p.Levels.Where(l => l.Failure is not null).Select(l => $"{p.Target} at {l.Streams}: {l.Failure}")))
        {
            text.Append("- First failure, ").AppendLine(failure);
        }

        text.AppendLine();
    }

    private static string Rss(HoldPath path, IReadOnlyDictionary<string, long> bytes) =>
        path.ProxyNames.Count == 0 ? "–" : string.Join(" + ", path.ProxyNames.Select(n => $"{n} {Mb(bytes, n)}"));

    private static string PerStream(HoldPath path, HoldLevel level) =>
        path.ProxyNames.Count == 0 ? "–" : string.Join(" + ", path.ProxyNames.Select(n => $"{n} {Number(path.KilobytesPerStream(level, n), "0")}"));

    private static string Mb(IReadOnlyDictionary<string, long> bytes, string name) =>
        bytes.TryGetValue(name, out var value) ? Megabytes(value / 1048576.0) : "–";
}
