using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Streaming;

namespace LlMesh.Gateway.Settings;

/// <summary>A setting the portal may change at run time (every replica, no restart).</summary>
internal sealed record EditableSetting(string Key, string Description, Func<LongRunOptions, DispatchOptions, string> Current);

/// <summary>The settings an admin may change from the portal: keep-alive, the timeouts, queue limits.</summary>
internal static class EditableSettings
{
    public static IReadOnlyList<EditableSetting> All { get; } =
    [
        new($"{LongRunOptions.SectionName}:KeepAliveInterval", "SSE keep-alive comment after this much silence (hh:mm:ss).", (l, _) => l.KeepAliveInterval.ToString("c")),
        new($"{LongRunOptions.SectionName}:TimeToFirstToken", "Streams: acceptance to first token, queue wait included.", (l, _) => l.TimeToFirstToken.ToString("c")),
        new($"{LongRunOptions.SectionName}:Activity", "Streams: longest silence once tokens flow.", (l, _) => l.Activity.ToString("c")),
        new($"{LongRunOptions.SectionName}:Batch", "Non-streaming requests: acceptance to complete answer.", (l, _) => l.Batch.ToString("c")),
        new($"{LongRunOptions.SectionName}:MaxRequeues", "Re-queues of a job whose worker failed before answering.", (l, _) => l.MaxRequeues.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new($"{DispatchOptions.SectionName}:MaxQueueWait", "Longest wait for a free slot before 503.", (_, d) => d.MaxQueueWait.ToString("c")),
        new($"{DispatchOptions.SectionName}:MaxQueueDepth", "Waiting requests per model or alias before 429.", (_, d) => d.MaxQueueDepth.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    public static EditableSetting? Find(string key) => All.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));
}
