using System.Collections.Concurrent;
using LlMesh.Configuration.Memory;
using LlMesh.Gateway.Errors;
using LlMesh.State;
using LlMesh.Gateway.Scheduling;

namespace LlMesh.Gateway.Live;

/// <summary>
/// What this gateway is running now and the last errors it answered with, for the portal's live view.
/// Queued jobs come from the scheduler itself; this holds the rest.
/// </summary>
internal sealed class LiveJobs(TimeProvider timeProvider) : IWorkInProgress
{
    private const int RecentErrorCount = 50;
    private readonly ConcurrentDictionary<string, RunningJob> _running = new(StringComparer.Ordinal);
    private readonly Queue<FailedJob> _errors = new();
    private readonly Lock _errorsLock = new();

    public IReadOnlyCollection<RunningJob> Running => [.. _running.Values];

    /// <summary>A job is being answered here: the idle memory trim waits.</summary>
    public bool IsWorking => !_running.IsEmpty;

    public IReadOnlyList<FailedJob> RecentErrors
    {
        get
        {
            lock (_errorsLock)
            {
                return [.. _errors.Reverse()];
            }
        }
    }

    /// <summary>The job runs (or was relayed) on <paramref name="where"/>: a worker id, or <c>replica:{id}</c>.</summary>
    public void Started(Job job, string where)
    {
        ArgumentNullException.ThrowIfNull(job);
        _running[job.Id] = new RunningJob(job.Id, job.User, job.Target.Name, job.Priority.Name(), where, job.EnqueuedAt, timeProvider.GetUtcNow());
    }

    public void Ended(string jobId) => _running.TryRemove(jobId, out _);

    public void Failed(Job job, ApiError error)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(error);
        lock (_errorsLock)
        {
            _errors.Enqueue(new FailedJob(job.Id, job.User, job.Target.Name, error.StatusCode, error.Code, error.Message, timeProvider.GetUtcNow()));
            while (_errors.Count > RecentErrorCount)
            {
                _errors.Dequeue();
            }
        }
    }
}

internal sealed record RunningJob(string Id, string User, string Model, string Priority, string Worker, DateTimeOffset AcceptedAt, DateTimeOffset StartedAt);

internal sealed record FailedJob(string Id, string User, string Model, int Status, string? Code, string Message, DateTimeOffset At);
