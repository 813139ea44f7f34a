using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlMesh.Testing.Telemetry;

/// <summary>
/// A stand-in OpenTelemetry collector on loopback: accepts OTLP/HTTP protobuf exports, keeps the spans,
/// and answers metrics and logs exports with an empty success. Point a process at it with
/// <see cref="Environment"/>.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private int _metricExports;
    private int _logExports;

    private OtlpReceiver(WebApplication app)
    {
        _app = app;
    }

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<OtlpSpan> Spans => [.. _spans];

    /// <summary>Metrics exports received (their content is not read).</summary>
    public int MetricExports => Volatile.Read(ref _metricExports);

    /// <summary>Logs exports received (their content is not read).</summary>
    public int LogExports => Volatile.Read(ref _logExports);

    /// <summary>The settings that send a process's telemetry here, quickly (spans and logs batched for 100 ms, metrics every 500 ms).</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", receiver.ReceiveTracesAsync);
        app.MapPost("/v1/metrics", context =>
        {
            Interlocked.Increment(ref receiver._metricExports);
            return Accept(context);
        });
        app.MapPost("/v1/logs", context =>
        {
            Interlocked.Increment(ref receiver._logExports);
            return Accept(context);
        });
        await app.StartAsync();
        receiver.Endpoint = new Uri(app.Urls.First());
        return receiver;
    }

    /// <summary>Waits until the spans received satisfy <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<OtlpSpan>> WaitForSpansAsync(Func<IReadOnlyList<OtlpSpan>, bool> condition, TimeSpan timeout, string because)
    {
        IReadOnlyList<OtlpSpan> spans = [];
        await Eventually.TrueAsync(() => Task.FromResult(condition(spans = Spans)), timeout, because);
        return spans;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task ReceiveTracesAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        foreach (var span in OtlpSpan.ReadExport(body.ToArray()))
        {
            _spans.Enqueue(span);
        }

        await Accept(context);
    }

    private static Task Accept(HttpContext context)
    {
        context.Response.ContentType = "application/x-protobuf";
        return Task.CompletedTask;
    }
}
