using Yarp.ReverseProxy.Forwarder;

namespace LlMesh.Gateway.Forwarding;

internal static partial class DispatchLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Dispatched {JobId} ({Model}, {Priority}) to agent {AgentName}, worker {WorkerId}")]
    public static partial void Dispatched(ILogger logger, string jobId, string model, LlMesh.State.Priority priority, string agentName, string workerId);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "Refused {JobId}: the queue for {Name} is full")]
    public static partial void QueueFull(ILogger logger, string jobId, string name);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Debug, Message = "Caller of {JobId} left")]
    public static partial void CallerLeft(ILogger logger, string jobId);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Worker {WorkerId} failed before answering {JobId}; queued again (attempt {Attempt})")]
    public static partial void Requeued(ILogger logger, string jobId, string workerId, int attempt);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "{JobId} ended by the {Kind} timeout")]
    public static partial void TimedOut(ILogger logger, string jobId, LlMesh.Gateway.Streaming.TimeoutKind kind);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Forwarding {JobId} to worker {WorkerId} failed: {Error}")]
    public static partial void ForwardFailed(ILogger logger, Exception? exception, string jobId, string workerId, ForwarderError error);
}
