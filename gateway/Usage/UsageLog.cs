namespace LlMesh.Gateway.Usage;

internal static partial class UsageLog
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Debug, Message = "Usage of {JobId} ({User}, {Model}): {PromptTokens} prompt, {CompletionTokens} completion tokens")]
    public static partial void Recorded(ILogger logger, string jobId, string user, string model, int promptTokens, int completionTokens);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Could not store the usage of {Count} requests; they are lost")]
    public static partial void WriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "The usage of {JobId} came after the usage writer stopped; it is lost")]
    public static partial void RecordedTooLate(ILogger logger, string jobId);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "Stopping: the usage still queued was not written within {Timeout}; it is lost")]
    public static partial void FinalWriteTimedOut(ILogger logger, TimeSpan timeout);
}
