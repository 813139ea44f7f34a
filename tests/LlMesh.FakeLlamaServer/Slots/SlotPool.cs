namespace LlMesh.FakeLlamaServer.Slots;

/// <summary>
/// The <c>-np N</c> slots: at most N requests generate at once, the others wait here in arrival order,
/// exactly as they would inside llama-server.
/// </summary>
internal sealed class SlotPool
{
    private readonly SemaphoreSlim _free;
    private readonly SlotSnapshot[] _slots;
    private readonly Lock _lock = new();
    private int _busy;
    private int _maxObserved;

    public SlotPool(int count)
    {
        _free = new SemaphoreSlim(count, count);
        _slots = new SlotSnapshot[count];
        for (var i = 0; i < count; i++)
        {
            _slots[i] = new SlotSnapshot(i, IsProcessing: false, TaskId: -1, Decoded: 0, Remaining: -1);
        }
    }

    public int Count => _slots.Length;

    public int Busy => Volatile.Read(ref _busy);

    public int MaxObserved => Volatile.Read(ref _maxObserved);

    public async Task<SlotLease> AcquireAsync(int taskId, CancellationToken cancellationToken)
    {
        await _free.WaitAsync(cancellationToken);

        int index;
        lock (_lock)
        {
            index = Array.FindIndex(_slots, slot => !slot.IsProcessing);
            _slots[index] = new SlotSnapshot(index, IsProcessing: true, taskId, Decoded: 0, Remaining: -1);
        }

        var busy = Interlocked.Increment(ref _busy);
        var max = Volatile.Read(ref _maxObserved);
        while (busy > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxObserved, busy, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }

        return new SlotLease(this, index);
    }

    public IReadOnlyList<SlotSnapshot> Snapshot()
    {
        lock (_lock)
        {
            return [.. _slots];
        }
    }

    internal void ReportProgress(int index, int decoded, int remaining)
    {
        lock (_lock)
        {
            _slots[index] = _slots[index] with { Decoded = decoded, Remaining = remaining };
        }
    }

    internal void Release(int index)
    {
        lock (_lock)
        {
            _slots[index] = _slots[index] with { IsProcessing = false };
        }

        Interlocked.Decrement(ref _busy);
        _free.Release();
    }
}
