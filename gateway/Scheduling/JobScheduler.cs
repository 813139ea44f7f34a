using LlMesh.Gateway.Workers;
using LlMesh.State.Users;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Scheduling;

/// <summary>
/// Applies <see cref="SchedulingPolicy"/> to this gateway's queue and workers: dispatches an arriving
/// job at once when a worker may take it, queues it otherwise, and on every freed slot or worker
/// change hands free slots to waiting jobs. Never gives a worker more jobs than it has slots.
/// </summary>
internal sealed class JobScheduler
{
    private readonly Lock _lock = new();
    private readonly JobQueue _queue = new();
    private readonly FairShareLedger _ledger = new();
    private readonly PrefixAffinity? _affinity;
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    // By reference: a suspension ends when the worker's own agent reports again (a new Worker object).
    private readonly HashSet<Worker> _suspended = new(ReferenceEqualityComparer.Instance);
    private bool _stopping;
    private readonly SchedulingPolicy _policy;
    private readonly IUserStore _users;
    private readonly IOptionsMonitor<DispatchOptions> _options;
    private IReadOnlyList<Worker> _workers = [];
    private long _sequence;
    private int _ghosts;

    public JobScheduler(WorkerRegistry registry, IUserStore users, IOptionsMonitor<DispatchOptions> options)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(options);
        _users = users;
        _options = options;
        _policy = new SchedulingPolicy(users.Find);
        if (options.CurrentValue.PrefixAffinity)
        {
            _affinity = new PrefixAffinity(options.CurrentValue.PrefixAffinityCapacity);
        }

        registry.WorkersChanged += SetWorkers;
        users.Changed += Reconsider;
        SetWorkers(registry.Workers);
    }

    public int QueueLength
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count - _ghosts;
            }
        }
    }

    public int InFlight(Worker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        lock (_lock)
        {
            return _inFlight.GetValueOrDefault(worker.Id);
        }
    }

    /// <summary>Waits for a slot for the job; throws <see cref="QueueFullException"/> when its queue is full.</summary>
    public async ValueTask<SlotLease> AcquireAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_lock)
        {
            // A job queued again after its worker vanished keeps its place in line (and is not refused for depth).
            var requeued = ++job.Acquisitions > 1;
            if (job.Sequence == 0)
            {
                job.Sequence = ++_sequence;
            }

            job.PrepareForQueue();
            if (_stopping)
            {
                throw new GatewayStoppingException();
            }

            // Every change runs Pump, so a worker that is free now is one no waiting job may use.
            if (_policy.ChooseWorker(job, Slots(), _affinity) is { } slot)
            {
                Dispatch(job, slot.Worker);
                return new SlotLease(this, slot.Worker);
            }

            var maxDepth = _options.CurrentValue.MaxQueueDepth;
            if (!requeued && _queue.DepthOf(job.Target.Name) >= maxDepth)
            {
                throw new QueueFullException(job.Target.Name, maxDepth);
            }

            if (_queue.Enqueue(job))
            {
                _ledger.Activate(job.Priority, job.User, _queue.WaitingUsers(job.Priority).Keys);
            }
        }

        await using var registration = cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                if (_queue.Remove(job))
                {
                    job.Dispatched.TrySetCanceled(cancellationToken);
                }
            }
        });
        return new SlotLease(this, await job.Dispatched.Task);
    }

    /// <summary>A slot for the job if a worker may take it now; null (and nothing queued) otherwise.</summary>
    public SlotLease? TryAcquireNow(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_lock)
        {
            if (_stopping)
            {
                throw new GatewayStoppingException();
            }

            if (_policy.ChooseWorker(job, Slots(), _affinity) is not { } slot)
            {
                return null;
            }

            job.Acquisitions++;
            if (job.Sequence == 0)
            {
                job.Sequence = ++_sequence;
            }

            job.PrepareForQueue();
            Dispatch(job, slot.Worker);
            return new SlotLease(this, slot.Worker);
        }
    }

    /// <summary>
    /// Mirrors another replica's waiting job into this queue. When the policy gives it a slot,
    /// <see cref="Job.Dispatched"/> completes with the worker, whose slot is then held for it (a
    /// <see cref="SlotLease"/> the caller must create and dispose).
    /// </summary>
    public void AddGhost(Job ghost)
    {
        ArgumentNullException.ThrowIfNull(ghost);
        lock (_lock)
        {
            if (_stopping)
            {
                return;
            }

            ghost.PrepareForQueue();
            if (_queue.Enqueue(ghost))
            {
                _ledger.Activate(ghost.Priority, ghost.User, _queue.WaitingUsers(ghost.Priority).Keys);
            }

            _ghosts++;
            Pump();
        }
    }

    /// <summary>
    /// Takes a waiting job out of the queue and fails its wait with <paramref name="reason"/> (a ghost
    /// that is no longer waiting anywhere, or a local job another replica claimed). False when it was
    /// not waiting (already dispatched or gone).
    /// </summary>
    public bool Withdraw(Job job, Exception reason)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(reason);
        lock (_lock)
        {
            if (!_queue.Remove(job))
            {
                return false;
            }

            if (job.IsGhost)
            {
                _ghosts--;
            }

            job.Dispatched.TrySetException(reason);
            return true;
        }
    }

    /// <summary>Creates the lease for a slot the scheduler gave a ghost.</summary>
    internal SlotLease LeaseFor(Worker worker) => new(this, worker);

    internal void Release(Worker worker)
    {
        lock (_lock)
        {
            var count = _inFlight.GetValueOrDefault(worker.Id) - 1;
            if (count > 0)
            {
                _inFlight[worker.Id] = count;
            }
            else
            {
                _inFlight.Remove(worker.Id);
            }

            Pump();
        }
    }

    /// <summary>
    /// Free and total slots of the workers <paramref name="user"/> may use, by model, with the queue
    /// depth of each name (for <c>/v1/models/slots</c> and the live view).
    /// </summary>
    public CapacitySnapshot Capacity(string user)
    {
        lock (_lock)
        {
            var byModel = new Dictionary<string, (int Free, int Total)>(StringComparer.Ordinal);
            foreach (var slot in Slots())
            {
                if (!slot.Worker.Healthy || slot.Suspended || slot.Worker.Agent.Draining || (slot.Owner != user && (slot.ReceiveIsolated || _users.Find(user).SendIsolated)))
                {
                    continue;
                }

                foreach (var model in slot.Worker.Models)
                {
                    var (free, total) = byModel.GetValueOrDefault(model);
                    byModel[model] = (free + Math.Max(0, slot.Free), total + slot.Worker.Slots);
                }
            }

            var queued = _queue.Partitions.Keys.Select(k => k.Name).Distinct().ToDictionary(n => n, _queue.DepthOf, StringComparer.Ordinal);
            return new CapacitySnapshot(byModel, queued);
        }
    }

    /// <summary>
    /// Free slots of this gateway's usable workers that serve the target, and whether any serves it
    /// at all (for the choice between queueing here and relaying to another replica).
    /// </summary>
    public (int Free, bool Serves) LocalCapacity(JobTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (_lock)
        {
            var (free, serves) = (0, false);
            foreach (var slot in Slots())
            {
                if (slot.Worker.Healthy && !slot.Suspended && !slot.Worker.Agent.Draining && target.TierOf(slot.Worker) >= 0)
                {
                    serves = true;
                    free += Math.Max(0, slot.Free);
                }
            }

            return (free, serves);
        }
    }

    /// <summary>The waiting jobs, best-placed first within each name (tier, then arrival), for the live view.</summary>
    public IReadOnlyList<Job> QueuedJobs()
    {
        lock (_lock)
        {
            return [.. _queue.Partitions.Values
                .SelectMany(p => p.ByPriority.SelectMany(lines => lines.Values.SelectMany(line => line)))
                .Where(j => !j.IsGhost)
                .OrderBy(j => j.Priority)
                .ThenBy(j => j.Sequence)];
        }
    }

    /// <summary>1-based place of a waiting job among the jobs for the same name (null once dispatched).</summary>
    public int? PositionOf(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_lock)
        {
            if (job.Node is null)
            {
                return null;
            }

            var ahead = 0;
            foreach (var partition in _queue.Partitions.Values)
            {
                if (partition.Key.Name != job.Target.Name)
                {
                    continue;
                }

                for (var p = 0; p <= (int)job.Priority; p++)
                {
                    foreach (var line in partition.ByPriority[p].Values)
                    {
                        foreach (var other in line)
                        {
                            if (p < (int)job.Priority || other.Sequence < job.Sequence)
                            {
                                ahead++;
                            }
                        }
                    }
                }
            }

            return ahead + 1;
        }
    }

    /// <summary>Re-runs dispatch, e.g. after users' isolation flags changed.</summary>
    public void Reconsider()
    {
        lock (_lock)
        {
            Pump();
        }
    }

    /// <summary>
    /// Takes a worker out of service until its agent next reports its capabilities (it said its backend
    /// is unreachable, or it failed before answering).
    /// </summary>
    public void Suspend(Worker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        lock (_lock)
        {
            _suspended.Add(worker);
        }
    }

    /// <summary>The gateway is stopping: queued jobs fail at once, new ones are refused.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopping = true;
            foreach (var partition in _queue.Partitions.Values.ToArray())
            {
                foreach (var job in partition.ByPriority.SelectMany(p => p.Values).SelectMany(l => l).ToArray())
                {
                    _queue.Remove(job);
                    job.Dispatched.TrySetException(new GatewayStoppingException());
                    _ghosts -= job.IsGhost ? 1 : 0;
                }
            }
        }
    }

    /// <summary>Jobs running on an agent's workers.</summary>
    public int InFlightOn(AgentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_lock)
        {
            return session.Workers.Sum(w => _inFlight.GetValueOrDefault(w.Id));
        }
    }

    private void SetWorkers(IReadOnlyList<Worker> workers)
    {
        lock (_lock)
        {
            _workers = workers;
            _suspended.IntersectWith(workers);
            Pump();
        }
    }

    /// <summary>
    /// Gives every free slot to the job the policy picks for it, pass after pass while anything moved:
    /// filling one slot can make a job eligible on a slot looked at earlier (an alias spills to a lower
    /// tier only once the preferred tier is full). Caller holds the lock.
    /// </summary>
    private void Pump()
    {
        if (_queue.Count == 0)
        {
            return;
        }

        var slots = Slots();
        bool dispatched;
        do
        {
            dispatched = false;
            for (var i = 0; i < slots.Length && _queue.Count > 0; i++)
            {
                while (slots[i].Free > 0 && _policy.ChooseJob(slots[i], _queue, slots, _ledger) is { } job)
                {
                    _queue.Remove(job);
                    if (job.IsGhost)
                    {
                        _ghosts--;
                    }

                    Dispatch(job, slots[i].Worker);
                    slots[i] = slots[i] with { Free = slots[i].Free - 1 };
                    dispatched = true;
                }
            }
        }
        while (dispatched && _queue.Count > 0);
    }

    private void Dispatch(Job job, Worker worker)
    {
        _inFlight[worker.Id] = _inFlight.GetValueOrDefault(worker.Id) + 1;
        _ledger.Charge(job.Priority, job.User);
        if (job.PrefixKey is { } prefix)
        {
            _affinity?.Record(prefix, worker.Id);
        }

        job.Dispatched.TrySetResult(worker);
    }

    private WorkerSlot[] Slots()
    {
        var slots = new WorkerSlot[_workers.Count];
        for (var i = 0; i < slots.Length; i++)
        {
            var worker = _workers[i];
            slots[i] = new WorkerSlot(
                worker, worker.Slots - _inFlight.GetValueOrDefault(worker.Id), _users.Find(worker.Agent.Owner).ReceiveIsolated, _suspended.Contains(worker));
        }

        return slots;
    }
}
