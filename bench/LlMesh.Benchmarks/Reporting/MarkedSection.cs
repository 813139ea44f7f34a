namespace LlMesh.Benchmarks.Reporting;

/// <summary>
/// A part of <c>docs/benchmarks.md</c> that another benchmark writes, fenced by HTML comments, so that
/// each generator rewrites only its own part and carries the other's over unchanged.
/// </summary>
internal sealed class MarkedSection(string name)
{
    /// <summary>Scheduler decision time, written by <c>bench/LlMesh.Benchmarks.Scheduler</c>.</summary>
    public static MarkedSection Scheduler { get; } = new("scheduler");

    /// <summary>The shared queue's Redis throughput, written by <c>bench/LlMesh.Benchmarks.Scheduler -- --shared-queue</c>.</summary>
    public static MarkedSection SharedQueue { get; } = new("shared-queue");

    /// <summary>What the cross-replica hop adds, written by <c>bench/LlMesh.Benchmarks.Scheduler -- --replica-hop</c>.</summary>
    public static MarkedSection ReplicaHop { get; } = new("replica-hop");

    /// <summary>The sections other generators write into the same file, in the order the end-to-end report carries them over.</summary>
    public static IReadOnlyList<MarkedSection> WrittenElsewhere { get; } = [Scheduler, SharedQueue, ReplicaHop];

    /// <summary>Hand-written notes inside <see cref="Scheduler"/> (before/after of scheduler changes), which its generator keeps too.</summary>
    public static MarkedSection SchedulerNotes { get; } = new("scheduler-notes");

    public string Begin { get; } = $"<!-- {name}:begin -->";

    public string End { get; } = $"<!-- {name}:end -->";

    /// <summary>The section with its markers, or null when the document has none.</summary>
    public string? Find(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var start = document.IndexOf(Begin, StringComparison.Ordinal);
        var end = start < 0 ? -1 : document.IndexOf(End, start, StringComparison.Ordinal);
        return end < 0 ? null : document[start..(end + End.Length)];
    }

    /// <summary>The document with the section's content replaced by <paramref name="content"/>; appended when it had none.</summary>
    public string Put(string document, string content)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(content);
        var section = $"{Begin}\n{content.Trim('\n')}\n{End}";
        return Find(document) is { } old
            ? document.Replace(old, section, StringComparison.Ordinal)
            : (document.Length == 0 ? "" : document.TrimEnd('\n') + "\n\n") + section + "\n";
    }
}
