namespace LlMesh.Gateway.Replicas;

internal static partial class SharedQueueLog
{
    [LoggerMessage(EventId = 1811, Level = LogLevel.Warning, Message = "The shared queue in Redis cannot be reached; jobs wait in this replica's own line until it can")]
    public static partial void Unavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1812, Level = LogLevel.Information, Message = "Claimed a slot on worker {WorkerId} for job {JobId} waiting on replica {Origin}")]
    public static partial void Claimed(ILogger logger, string jobId, string origin, string workerId);

    [LoggerMessage(EventId = 1813, Level = LogLevel.Information, Message = "Job {JobId} did not arrive for the slot claimed on worker {WorkerId}; the slot is free again")]
    public static partial void ClaimExpired(ILogger logger, string jobId, string workerId);

    [LoggerMessage(EventId = 1814, Level = LogLevel.Information, Message = "Job {JobId} goes to replica {ReplicaId}, which took its slot")]
    public static partial void FollowingClaim(ILogger logger, string jobId, string replicaId);

    [LoggerMessage(EventId = 1815, Level = LogLevel.Information, Message = "Dropped the claim on {Field}: the replica it was waiting on is gone")]
    public static partial void OrphanedClaimDropped(ILogger logger, string field);
}
