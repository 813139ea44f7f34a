using LlMesh.Gateway.Workers;
using LlMesh.State;

namespace LlMesh.Gateway.Scheduling;

/// <summary>A request waiting for (or holding) a slot, as the scheduler sees it.</summary>
internal sealed class Job(
    string id,
    string user,
    Priority priority,
    JobTarget target,
    Modalities modalities,
    ulong? prefixKey,
    DateTimeOffset enqueuedAt)
{
    public string Id { get; } = id;

    /// <summary>The caller (owner of the API key).</summary>
    public string User { get; } = user;

    public Priority Priority { get; } = priority;

    public JobTarget Target { get; } = target;

    public Modalities Modalities { get; } = modalities;

    /// <summary>Hash of the conversation's opening (system prompt + first user turn), for KV-cache affinity.</summary>
    public ulong? PrefixKey { get; } = prefixKey;

    public DateTimeOffset EnqueuedAt { get; } = enqueuedAt;

    /// <summary>Time spent waiting for a slot, over all of the job's attempts.</summary>
    public TimeSpan QueueWait { get; private set; }

    internal void AddQueueWait(TimeSpan waited) => QueueWait += waited;

    /// <summary>
    /// Arrival order: this gateway's own counter, or with a shared queue the mesh-wide Redis sequence;
    /// FIFO is by this, not by clocks.
    /// </summary>
    public long Sequence { get; set; }

    /// <summary>The <see cref="Sequence"/> is the mesh-wide one (kept when the job queues again).</summary>
    public bool HasMeshSequence { get; set; }

    /// <summary>How many times the job asked for a slot; more than one means it is queued again after its worker failed.</summary>
    internal int Acquisitions { get; set; }

    /// <summary>
    /// Set for a ghost: another replica's waiting job, mirrored into this replica's queue so its policy
    /// weighs it against local jobs. A ghost's slot must be claimed in Redis before the job is fetched.
    /// </summary>
    public string? Origin { get; init; }

    public bool IsGhost => Origin is not null;

    /// <summary>Completed with the worker when the job is dispatched; a fresh one for each time it is queued.</summary>
    public TaskCompletionSource<Worker> Dispatched { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal void PrepareForQueue()
    {
        if (Dispatched.Task.IsCompleted)
        {
            Dispatched = new TaskCompletionSource<Worker>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Where the job sits in its queue while it waits (for O(1) removal).</summary>
    internal LinkedListNode<Job>? Node { get; set; }

    internal QueueKey Key => new(Target.Name, Modalities);
}

/// <summary>Jobs that any worker can treat alike: same requested name, same modality needs.</summary>
internal readonly record struct QueueKey(string Name, Modalities Modalities);
