using Microsoft.Extensions.Logging;

namespace LlMesh.Configuration.Memory;

internal static partial class IdleTrimLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "Idle for {QuietFor}: heap compacted in {Milliseconds:0.0} ms, {CommittedKilobytes} KB committed")]
    public static partial void Trimmed(ILogger logger, TimeSpan quietFor, double milliseconds, long committedKilobytes);
}
