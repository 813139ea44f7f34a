namespace LlMesh.Gateway.Authentication;

internal static partial class AuthenticationLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Rejected an invalid API key from {RemoteIp} on {Path}")]
    public static partial void ApiKeyRejected(ILogger logger, System.Net.IPAddress? remoteIp, PathString path);
}
