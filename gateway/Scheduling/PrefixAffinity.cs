namespace LlMesh.Gateway.Scheduling;

/// <summary>
/// Remembers which worker last served a conversation (by prefix key), bounded in size, so a follow-up
/// turn can reuse that worker's KV cache.
/// </summary>
internal sealed class PrefixAffinity(int capacity)
{
    private readonly Dictionary<ulong, string> _workerByPrefix = [];
    private readonly Queue<ulong> _order = new();

    public bool TryGet(ulong prefixKey, out string workerId) => _workerByPrefix.TryGetValue(prefixKey, out workerId!);

    public void Record(ulong prefixKey, string workerId)
    {
        if (!_workerByPrefix.ContainsKey(prefixKey))
        {
            _order.Enqueue(prefixKey);
            while (_order.Count > capacity)
            {
                _workerByPrefix.Remove(_order.Dequeue());
            }
        }

        _workerByPrefix[prefixKey] = workerId;
    }
}
