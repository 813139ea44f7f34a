using System.Collections.Concurrent;
using LlMesh.Configuration.Memory;

namespace LlMesh.TunnelAgent.Forwarding;

/// <summary>The job ids this agent is running: a job id runs here at most once at a time.</summary>
internal sealed class InFlightJobs : IWorkInProgress
{
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    public int Count => _running.Count;

    /// <summary>A job is running: the idle memory trim waits.</summary>
    public bool IsWorking => !_running.IsEmpty;

    public bool TryStart(string jobId) => _running.TryAdd(jobId, 0);

    public void Finish(string jobId) => _running.TryRemove(jobId, out _);
}
