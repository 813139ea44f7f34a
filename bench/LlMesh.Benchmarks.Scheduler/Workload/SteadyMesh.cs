using System.Collections.Concurrent;
using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Tests.Scheduling;
using LlMesh.Gateway.Workers;
using LlMesh.State.Users;

namespace LlMesh.Benchmarks.Scheduler.Workload;

/// <summary>
/// A <see cref="JobScheduler"/> in steady overload: every slot busy and exactly <see cref="Queued"/> jobs
/// waiting. <see cref="Settle"/> restores that state (outside the timing) after each timed decision.
/// </summary>
/// <remarks>
/// Each job that leaves the queue comes back as the next arrival of the same kind (user, tier, target,
/// modalities, conversation), so the mix of waiting jobs stays the seeded one however long the run:
/// with fresh random arrivals the policy would drain the high and normal tiers and leave mostly low
/// jobs, and the cost of a decision would depend on how long the benchmark had been running.
/// </remarks>
internal sealed class SteadyMesh
{
    private const int SettleStepLimit = 1_000_000;
    private static readonly TimeSpan WakeTimeout = TimeSpan.FromSeconds(30);
    private readonly SchedulingFixture _fixture = new();
    private readonly JobScheduler _scheduler;
    private readonly JobMix _mix;
    private readonly IReadOnlyList<Worker> _workers;
    private readonly Worker[] _completionOrder;
    private readonly ConcurrentQueue<Job> _dispatched = new();
    private readonly Queue<Job> _comingBack = new();
    private Job? _nextArrival;
    private (Job Job, Task Lease)? _timedArrival;
    private long _submitted;
    private long _collected;
    private int _nextCompletion;

    public SteadyMesh(int queued, int seed = 42)
    {
        Queued = queued;
        _fixture.Options.MaxQueueDepth = 1_000_000;
        _fixture.Options.PrefixAffinity = true;
        foreach (var (user, _, _, _) in JobMix.Users)
        {
            _fixture.Users.SetAsync(new UserRecord(user)).AsTask().GetAwaiter().GetResult();
        }

        _workers = Mesh.Connect(_fixture);
        _scheduler = _fixture.NewScheduler();
        _mix = new JobMix(_fixture, seed);
        // Jobs end slot by slot round the mesh, so a worker with more slots frees one more often.
        _completionOrder = Enumerable.Range(0, _workers.Max(w => w.Slots))
            .SelectMany(i => _workers.Where(w => w.Slots > i))
            .ToArray();
        Settle();
    }

    public int Queued { get; }

    /// <summary>Timed: a job on the next busy slot ends and the scheduler picks the waiting job that gets the slot.</summary>
    public void CompleteOne()
    {
        _scheduler.Release(_completionOrder[_nextCompletion]);
        _nextCompletion = (_nextCompletion + 1) % _completionOrder.Length;
    }

    /// <summary>Timed: a job (built beforehand, as admission would) asks for a slot while all are busy, and is queued.</summary>
    public void ArriveOne()
    {
        var job = _nextArrival ?? throw new InvalidOperationException("No arrival was prepared: call Settle first.");
        _nextArrival = null;
        _timedArrival = (job, _scheduler.AcquireAsync(job, CancellationToken.None).AsTask());
    }

    /// <summary>
    /// Back to every slot busy and <see cref="Queued"/> jobs waiting: jobs arrive while a slot is free or
    /// the queue is short, jobs end while it is long. A freed slot that no waiting job may use stays free
    /// (as in the gateway) until an arrival fits it.
    /// </summary>
    public void Settle()
    {
        if (_timedArrival is { } timed)
        {
            _timedArrival = null;
            _submitted++;
            Watch(timed.Lease, timed.Job);
        }

        for (var step = 0; step < SettleStepLimit; step++)
        {
            CollectDispatched();
            if (HasFreeSlot() || _scheduler.QueueLength < Queued)
            {
                Submit(NextJob());
            }
            else if (_scheduler.QueueLength > Queued)
            {
                CompleteOne();
            }
            else
            {
                _nextArrival ??= NextJob();
                return;
            }
        }

        throw new InvalidOperationException($"The mesh did not settle at {Queued} queued jobs with every slot busy.");
    }

    private Job NextJob() => _comingBack.TryDequeue(out var kind)
        ? _fixture.Job(kind.User, kind.Target, kind.Priority, kind.Modalities, kind.PrefixKey)
        : _mix.Next();

    private void Submit(Job job)
    {
        _submitted++;
        Watch(_scheduler.AcquireAsync(job, CancellationToken.None).AsTask(), job);
    }

    private void Watch(Task lease, Job job) =>
        lease.ContinueWith(_ => _dispatched.Enqueue(job), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Waits until every job the scheduler has dispatched has woken (on the thread pool) and queues its kind to come back.</summary>
    private void CollectDispatched()
    {
        var dispatched = _submitted - _scheduler.QueueLength;
        if (!SpinWait.SpinUntil(() => _collected + _dispatched.Count >= dispatched, WakeTimeout))
        {
            throw new InvalidOperationException("A dispatched job did not wake up.");
        }

        while (_dispatched.TryDequeue(out var job))
        {
            _collected++;
            _comingBack.Enqueue(job);
        }
    }

    private bool HasFreeSlot()
    {
        foreach (var worker in _workers)
        {
            if (_scheduler.InFlight(worker) < worker.Slots)
            {
                return true;
            }
        }

        return false;
    }
}
