namespace LlMesh.Gateway.Observability;

internal static partial class ObservabilityLog
{
    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Metrics at /metrics on {Urls} only")]
    public static partial void MetricsOnOwnPorts(ILogger logger, string urls);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "Metrics at /metrics for callers on this machine only (set LlMesh:Metrics:Urls to scrape from elsewhere)")]
    public static partial void MetricsLocalOnly(ILogger logger);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Information, Message = "Traces, metrics and logs exported over OTLP to {Endpoint}")]
    public static partial void OtlpExport(ILogger logger, string endpoint);
}
