using LlMesh.Configuration;
using LlMesh.Configuration.Logging;
using LlMesh.Tunnel.Protocol;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LlMesh.Gateway.Observability;

/// <summary>
/// OpenTelemetry for the gateway: the llmesh meter (plus ASP.NET Core's and the runtime's) behind
/// a Prometheus <c>/metrics</c>; traces and an OTLP export of every signal only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, so a gateway without a collector records no spans at all.
/// </summary>
internal static class ObservabilityServices
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "llmesh-gateway";

    /// <summary>
    /// The series one framework instrument (ASP.NET Core, Kestrel, the runtime) may have. Their labels are
    /// routes, status codes, generations: a few dozen sets. The SDK allocates room for its default 2,000 per
    /// instrument up front (144 KB each, ~45 instruments); llmesh's own instruments, labelled by model and
    /// worker, keep the default. Beyond the limit a set is counted in one overflow series, not lost.
    /// </summary>
    internal const int FrameworkCardinalityLimit = 500;

    private static readonly MetricStreamConfiguration FrameworkStream = new() { CardinalityLimit = FrameworkCardinalityLimit };

    /// <summary>How an instrument's series are kept: llmesh's own with the SDK's defaults (null), the framework's limited.</summary>
    internal static MetricStreamConfiguration? StreamFor(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Meter.Name == MetricNames.Meter ? null : FrameworkStream;

    public static WebApplicationBuilder AddLlMeshObservability(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        builder.UseConfiguredConsoleFormatter();
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionName))
            .ValidateFluently<MetricsOptions, MetricsOptionsValidator>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<MetricsAccess>();

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName).AddEnvironmentVariableDetector())
            .WithMetrics(metrics => metrics
                .AddMeter(MetricNames.Meter)
                .AddAspNetCoreInstrumentation()
                .AddMeter("System.Runtime")
                .AddView(StreamFor)
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]))
        {
            otel.WithTracing(tracing => tracing
                .AddSource(GatewayActivities.SourceName, GatewayActivities.YarpSourceName)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = IsTraced)
                .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = IsJob));
            otel.UseOtlpExporter();
        }

        // Scrape ports of their own: Kestrel listens on them beside the main addresses.
        var metricsUrls = configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>()?.UrlList() ?? [];
        if (metricsUrls.Count > 0)
        {
            builder.WebHost.UseUrls([.. MainUrls(configuration), .. metricsUrls]);
        }

        return builder;
    }

    /// <summary>
    /// Serves <c>/metrics</c> to the callers <see cref="MetricsAccess"/> allows, keeps scrape ports to
    /// <c>/metrics</c>, and measures every <c>/v1</c> request. Runs first in the pipeline.
    /// </summary>
    public static WebApplication UseLlMeshObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var access = app.Services.GetRequiredService<MetricsAccess>();
        if (access.HasOwnPorts)
        {
            app.Use((context, next) =>
            {
                if (access.OnMetricsPort(context) && context.Request.Path != MetricsAccess.Path)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                return next(context);
            });
        }

        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Request.Path == MetricsAccess.Path && access.Allows(context));
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase),
            v1 => v1.UseMiddleware<RequestMetricsMiddleware>());

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ObservabilityServices).Namespace!);
        var metricsUrls = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Urls;
        if (access.HasOwnPorts)
        {
            ObservabilityLog.MetricsOnOwnPorts(logger, metricsUrls!);
        }
        else
        {
            ObservabilityLog.MetricsLocalOnly(logger);
        }

        if (app.Configuration[OtlpEndpointKey] is { Length: > 0 } endpoint)
        {
            ObservabilityLog.OtlpExport(logger, endpoint);
        }

        return app;
    }

    /// <summary>The addresses Kestrel would use without the scrape ports (UseUrls replaces them, so they are repeated).</summary>
    private static IEnumerable<string> MainUrls(ConfigurationManager configuration)
    {
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var ports = Ports(configuration[WebHostDefaults.HttpPortsKey], "http").Concat(Ports(configuration[WebHostDefaults.HttpsPortsKey], "https")).ToList();
        return ports.Count > 0 ? ports : ["http://localhost:5000"];
    }

    private static IEnumerable<string> Ports(string? ports, string scheme) =>
        (ports ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(port => $"{scheme}://*:{port}");

    // Long-lived tunnels, agents' drain calls, probes and scrapes would only add noise to traces.
    private static bool IsTraced(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/_llmesh", StringComparison.OrdinalIgnoreCase)
        && context.Request.Path != MetricsAccess.Path
        && context.Request.Path != "/healthz"
        && context.Request.Path != "/readyz";

    // Requests to workers and replicas carry the job id; the periodic capability calls to agents do not.
    private static bool IsJob(HttpRequestMessage request) => request.Headers.Contains(TunnelProtocol.JobIdHeader);
}
