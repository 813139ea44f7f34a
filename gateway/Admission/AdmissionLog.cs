namespace LlMesh.Gateway.Admission;

internal static partial class AdmissionLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Admitted {JobId} for model {Model} (stream: {Stream}, {BodyBytes} bytes)")]
    public static partial void Admitted(ILogger logger, string jobId, string model, bool stream, int bodyBytes);
}
