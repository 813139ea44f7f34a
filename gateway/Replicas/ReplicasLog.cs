namespace LlMesh.Gateway.Replicas;

internal static partial class ReplicasLog
{
    [LoggerMessage(EventId = 1801, Level = LogLevel.Information, Message = "Replica {ReplicaId} announces its models to the mesh; other replicas relay to {InternalUrl}")]
    public static partial void Announcing(ILogger logger, string replicaId, Uri internalUrl);

    [LoggerMessage(EventId = 1802, Level = LogLevel.Warning, Message = "Cannot announce to or read the replica directory in Redis; relaying to no other replica until it can")]
    public static partial void AnnounceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1803, Level = LogLevel.Information, Message = "The replica directory in Redis is reachable again")]
    public static partial void Recovered(ILogger logger);

    [LoggerMessage(EventId = 1804, Level = LogLevel.Information, Message = "Job {JobId} for {Model} relayed to replica {ReplicaId}")]
    public static partial void Relayed(ILogger logger, string jobId, string model, string replicaId);

    [LoggerMessage(EventId = 1805, Level = LogLevel.Warning, Message = "A request claimed to be relayed by a replica but carried a wrong mesh secret, from {RemoteIp}")]
    public static partial void BadRelaySecret(ILogger logger, string? remoteIp);

    [LoggerMessage(EventId = 1806, Level = LogLevel.Information, Message = "Job {JobId} was queued on this stopping replica; handing it to another replica")]
    public static partial void HandingOver(ILogger logger, string jobId);
}
