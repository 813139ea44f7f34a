using LlMesh.State;

namespace LlMesh.Gateway.Scheduling;

/// <summary>
/// The waiting jobs, indexed so a decision looks only at queue heads: by <see cref="QueueKey"/>, then
/// priority, then user, each user's jobs in arrival order.
/// </summary>
internal sealed class JobQueue
{
    /// <summary>Priority tiers, indexed by <see cref="Priority"/> (high first).</summary>
    public const int Tiers = 3;
    private readonly Dictionary<QueueKey, Partition> _partitions = [];
    private readonly Dictionary<string, int> _depthByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>[] _waitingByUser = [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];

    public int Count { get; private set; }

    public IReadOnlyDictionary<QueueKey, Partition> Partitions => _partitions;

    public int DepthOf(string name) => _depthByName.GetValueOrDefault(name);

    /// <summary>Users with waiting jobs in a tier (for fair share).</summary>
    public IReadOnlyDictionary<string, int> WaitingUsers(Priority priority) => _waitingByUser[(int)priority];

    /// <summary>
    /// Adds a job to its user's line at its place by <see cref="Job.Sequence"/> (the back, unless it is a
    /// job queued again or a ghost that arrived late); true when the user had nothing waiting in that tier.
    /// </summary>
    public bool Enqueue(Job job)
    {
        var key = job.Key;
        if (!_partitions.TryGetValue(key, out var partition))
        {
            partition = new Partition(key);
            _partitions[key] = partition;
        }

        var byUser = partition.ByPriority[(int)job.Priority];
        if (!byUser.TryGetValue(job.User, out var line))
        {
            line = new LinkedList<Job>();
            byUser[job.User] = line;
        }

        var after = line.Last;
        while (after is not null && after.Value.Sequence > job.Sequence)
        {
            after = after.Previous;
        }

        job.Node = after is null ? line.AddFirst(job) : line.AddAfter(after, job);
        Count++;
        _depthByName[job.Target.Name] = DepthOf(job.Target.Name) + 1;
        var waiting = _waitingByUser[(int)job.Priority];
        var before = waiting.GetValueOrDefault(job.User);
        waiting[job.User] = before + 1;
        return before == 0;
    }

    /// <summary>Takes a job out (dispatched or cancelled); false if it was not waiting.</summary>
    public bool Remove(Job job)
    {
        if (job.Node?.List is not { } line)
        {
            return false;
        }

        line.Remove(job.Node);
        job.Node = null;
        Count--;
        var partition = _partitions[job.Key];
        var byUser = partition.ByPriority[(int)job.Priority];
        if (line.Count == 0)
        {
            byUser.Remove(job.User);
            if (partition.IsEmpty)
            {
                _partitions.Remove(job.Key);
            }
        }

        Decrement(_depthByName, job.Target.Name);
        Decrement(_waitingByUser[(int)job.Priority], job.User);
        return true;
    }

    private static void Decrement(Dictionary<string, int> counts, string key)
    {
        var left = counts[key] - 1;
        if (left == 0)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = left;
        }
    }

    internal sealed class Partition(QueueKey key)
    {
        public QueueKey Key { get; } = key;

        /// <summary>Per priority tier: each user's waiting jobs, oldest first.</summary>
        public Dictionary<string, LinkedList<Job>>[] ByPriority { get; } =
            Enumerable.Range(0, Tiers).Select(_ => new Dictionary<string, LinkedList<Job>>(StringComparer.Ordinal)).ToArray();

        public bool IsEmpty => ByPriority.All(p => p.Count == 0);
    }
}
