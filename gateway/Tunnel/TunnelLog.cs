namespace LlMesh.Gateway.Tunnel;

internal static partial class TunnelLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Refused a tunnel from {RemoteIp} (agent {AgentName}): {Reason}")]
    public static partial void TunnelRefused(ILogger logger, string? remoteIp, string? agentName, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Agent {AgentName} ({InstanceId}, owner {Owner}) opened tunnel {TunnelId}")]
    public static partial void TunnelOpened(ILogger logger, string agentName, string instanceId, string owner, string tunnelId);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Tunnel {TunnelId} of agent {AgentName} closed; {Remaining} left")]
    public static partial void TunnelClosed(ILogger logger, string tunnelId, string agentName, int remaining);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "Agent {AgentName} serves {Backends} backend(s): {Models} with {Slots} slot(s)")]
    public static partial void CapabilitiesReceived(ILogger logger, string agentName, int backends, string models, int slots);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning, Message = "Could not read the capabilities of agent {AgentName} ({InstanceId})")]
    public static partial void CapabilitiesFailed(ILogger logger, Exception exception, string agentName, string instanceId);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "Agent {AgentName} ({InstanceId}) is draining: no new jobs")]
    public static partial void AgentDraining(ILogger logger, string agentName, string instanceId);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Warning, Message = "Agent {AgentName} ({InstanceId}) is disconnected: its client token {CredentialId} was revoked or has expired")]
    public static partial void TokenEnded(ILogger logger, string agentName, string instanceId, string credentialId);
}
