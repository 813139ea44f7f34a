using Yarp.ReverseProxy.Forwarder;

namespace LlMesh.TunnelAgent;

internal static partial class AgentLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Tunnel {Index} connected to {Gateway}")]
    public static partial void TunnelConnected(ILogger logger, int index, Uri gateway);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Tunnel {Index} disconnected")]
    public static partial void TunnelDisconnected(ILogger logger, int index);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Reconnecting in {Delay}: {Reason}")]
    public static partial void Redialling(ILogger logger, TimeSpan delay, string? reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Critical, Message = "{Message} The agent stops.")]
    public static partial void TokenRejected(ILogger logger, string message);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Backend {BackendId}: healthy={Healthy}, slots={Slots}, models={Models}")]
    public static partial void BackendState(ILogger logger, string backendId, bool healthy, int slots, int models);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Backend {BackendId} at {Url} is unreachable: {Reason}")]
    public static partial void BackendUnreachable(ILogger logger, string backendId, Uri url, string reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Backend {BackendId} does not report its slots (/props); assuming 1. Set Slots in its configuration.")]
    public static partial void SlotsUnknown(ILogger logger, string backendId);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Job {JobId} on backend {BackendId} was cancelled by the gateway; backend request aborted")]
    public static partial void RequestAborted(ILogger logger, string jobId, string backendId);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Refused job {JobId}: it is already running here")]
    public static partial void DuplicateJob(ILogger logger, string jobId);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Draining: the gateway sends no new jobs; waiting for {Running} running job(s)")]
    public static partial void Draining(ILogger logger, int running);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Warning, Message = "Could not tell the gateway about the drain: {Reason}")]
    public static partial void DrainNotifyFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Forwarding to backend {BackendId} failed: {Error}")]
    public static partial void BackendForwardFailed(ILogger logger, Exception? exception, string backendId, ForwarderError error);
}
