using LlMesh.Tunnel.Protocol;
using LlMesh.Configuration.Logging;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LlMesh.TunnelAgent.Observability;

/// <summary>
/// Traces for the agent, exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (without it the
/// agent records no spans, yet still passes the gateway's trace context on to the backend), and the console
/// log format chosen by configuration.
/// </summary>
internal static class AgentObservability
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "llmesh-agent";

    public static WebApplicationBuilder AddLlMeshAgentObservability(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.UseConfiguredConsoleFormatter();

        if (string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName).AddEnvironmentVariableDetector())
            .WithTracing(tracing => tracing
                .AddSource(AgentActivities.SourceName, AgentActivities.YarpSourceName)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = IsJob)
                .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = IsJob))
            .UseOtlpExporter();
        return builder;
    }

    // Jobs only: the gateway's capability calls and the agent's own discovery polls would only add noise.
    private static bool IsJob(HttpContext context) =>
        context.Request.Path.StartsWithSegments(TunnelProtocol.BackendsPathPrefix, StringComparison.OrdinalIgnoreCase);

    private static bool IsJob(HttpRequestMessage request) => request.Headers.Contains(TunnelProtocol.JobIdHeader);
}
