using LlMesh.Gateway.Workers;

namespace LlMesh.Gateway.Scheduling;

/// <summary>
/// Hands out worker slots: never more jobs on a worker than it has slots, and when all are busy,
/// first come first served. (The priority/affinity policy replaces the FIFO order.)
/// </summary>
internal sealed class SlotScheduler
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private IReadOnlyList<Worker> _workers = [];

    public SlotScheduler(WorkerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.WorkersChanged += SetWorkers;
        SetWorkers(registry.Workers);
    }

    public int QueueLength
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    public int InFlight(Worker worker)
    {
        lock (_lock)
        {
            return _inFlight.GetValueOrDefault(worker.Id);
        }
    }

    public async ValueTask<SlotLease> AcquireAsync(string model, CancellationToken cancellationToken)
    {
        Waiter waiter;
        LinkedListNode<Waiter> node;
        lock (_lock)
        {
            // Every change runs Pump, so a slot that is free now is one no waiting job can use.
            if (TryTake(model) is { } worker)
            {
                return new SlotLease(this, worker);
            }

            waiter = new Waiter(model);
            node = _waiting.AddLast(waiter);
        }

        await using var registration = cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                if (node.List is not null)
                {
                    _waiting.Remove(node);
                    waiter.Completion.TrySetCanceled(cancellationToken);
                }
            }
        });
        return new SlotLease(this, await waiter.Completion.Task);
    }

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

    private void SetWorkers(IReadOnlyList<Worker> workers)
    {
        lock (_lock)
        {
            _workers = workers;
            Pump();
        }
    }

    /// <summary>Gives free slots to waiting jobs in arrival order. Caller holds the lock.</summary>
    private void Pump()
    {
        var node = _waiting.First;
        while (node is not null)
        {
            var next = node.Next;
            if (TryTake(node.Value.Model) is { } worker)
            {
                _waiting.Remove(node);
                node.Value.Completion.TrySetResult(worker);
            }

            node = next;
        }
    }

    /// <summary>Takes a slot on the least loaded healthy worker serving the model. Caller holds the lock.</summary>
    private Worker? TryTake(string model)
    {
        Worker? best = null;
        var bestFree = 0;
        foreach (var worker in _workers)
        {
            if (!worker.Healthy || !worker.Models.Contains(model))
            {
                continue;
            }

            var free = worker.Slots - _inFlight.GetValueOrDefault(worker.Id);
            if (free > bestFree)
            {
                best = worker;
                bestFree = free;
            }
        }

        if (best is not null)
        {
            _inFlight[best.Id] = _inFlight.GetValueOrDefault(best.Id) + 1;
        }

        return best;
    }

    private sealed class Waiter(string model)
    {
        public string Model { get; } = model;

        public TaskCompletionSource<Worker> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
