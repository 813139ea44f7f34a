using System.Collections.Concurrent;
using LlMesh.Gateway.Scheduling;

namespace LlMesh.Gateway.Replicas;

/// <summary>
/// Slots this replica claimed for other replicas' jobs, held until the job arrives with the claim id,
/// or given back when it does not come in time (its replica died, or its caller left).
/// </summary>
internal sealed partial class ClaimedSlots(TimeProvider timeProvider, ILogger<ClaimedSlots> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Held> _held = new(StringComparer.Ordinal);

    public int Count => _held.Count;

    public void Hold(string claimId, SlotLease lease, string jobId, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var held = new Held(lease, jobId);
        _held[claimId] = held;
        held.Expiry = timeProvider.CreateTimer(_ => Expire(claimId), null, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The slot held for this claim, now the caller's to use and dispose; null when it expired or never was.</summary>
    public SlotLease? TryTake(string claimId)
    {
        if (!_held.TryRemove(claimId, out var held))
        {
            return null;
        }

        held.Expiry?.Dispose();
        return held.Lease;
    }

    public void Dispose()
    {
        foreach (var claimId in _held.Keys)
        {
            TryTake(claimId)?.Dispose();
        }
    }

    private void Expire(string claimId)
    {
        if (_held.TryRemove(claimId, out var held))
        {
            held.Expiry?.Dispose();
            SharedQueueLog.ClaimExpired(logger, held.JobId, held.Lease.Worker.Id);
            held.Lease.Dispose();
        }
    }

    private sealed class Held(SlotLease lease, string jobId)
    {
        public SlotLease Lease { get; } = lease;

        public string JobId { get; } = jobId;

        public ITimer? Expiry { get; set; }
    }
}
