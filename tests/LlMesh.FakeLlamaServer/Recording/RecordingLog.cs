using Microsoft.Extensions.Logging;

namespace LlMesh.FakeLlamaServer.Recording;

internal static partial class RecordingLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "#{Id} {Method} {Path} stream={Stream} -> {Outcome} status={StatusCode} tokens={Tokens} in {ElapsedMs:F0} ms")]
    public static partial void RequestEnded(
        ILogger logger, int id, string method, string path, bool stream, RequestOutcome outcome, int? statusCode, int tokens, double elapsedMs);
}
