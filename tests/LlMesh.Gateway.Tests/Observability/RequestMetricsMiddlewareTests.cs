using LlMesh.Gateway.Observability;
using LlMesh.Gateway.Replicas;
using LlMesh.Gateway.Tests.Scheduling;
using Microsoft.AspNetCore.Http;

namespace LlMesh.Gateway.Tests.Observability;

public sealed class RequestMetricsMiddlewareTests : IDisposable
{
    private readonly MetricsCapture _capture = new();
    private readonly GatewayMetrics _metrics;

    public RequestMetricsMiddlewareTests()
    {
        var mesh = new SchedulingFixture();
        _metrics = new GatewayMetrics(_capture.MeterFactory, mesh.NewScheduler(), mesh.Registry, TimeProvider.System);
    }

    public void Dispose() => _capture.Dispose();

    [Fact]
    public async Task AStreamEndedByAnErrorEvent_CountsTheEventsStatus_NotThe200()
    {
        await RunAsync(context =>
        {
            context.Features.Get<RequestOutcomeFeature>()!.JobModel = "m";
            context.Features.Get<RequestOutcomeFeature>()!.StreamErrorStatus = 504;
            return Task.CompletedTask;
        });

        var error = Assert.Single(_capture.Of(MetricNames.Errors));
        Assert.Equal("504", error[MetricNames.StatusLabel]);
        Assert.Equal("ChatCompletions", error[MetricNames.RouteLabel]);
        Assert.Equal("504", Assert.Single(_capture.Of(MetricNames.RequestDuration))[MetricNames.StatusLabel]);
    }

    [Fact]
    public async Task ARequestRefusedBeforeItBecameAJob_CountsAnErrorButNoDuration()
    {
        await RunAsync(context =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });

        Assert.Equal("404", Assert.Single(_capture.Of(MetricNames.Errors))[MetricNames.StatusLabel]);
        Assert.Empty(_capture.Of(MetricNames.RequestDuration));
    }

    [Fact]
    public async Task ARequestRelayedFromAnotherReplica_IsNotCountedAgain()
    {
        await RunAsync(context =>
        {
            context.Features.Set(new RelayedRequest("replica-a"));
            context.Features.Get<RequestOutcomeFeature>()!.JobModel = "m";
            context.Response.StatusCode = 502;
            return Task.CompletedTask;
        });

        Assert.Empty(_capture.Of(MetricNames.Errors));
        Assert.Empty(_capture.Of(MetricNames.RequestDuration));
    }

    [Fact]
    public async Task ACallerWhoLeft_Counts499()
    {
        using var aborted = new CancellationTokenSource();
        await RunAsync(context =>
        {
            context.Features.Get<RequestOutcomeFeature>()!.JobModel = "m";
            aborted.Cancel();
            return Task.CompletedTask;
        }, aborted.Token);

        Assert.Equal("499", Assert.Single(_capture.Of(MetricNames.Errors))[MetricNames.StatusLabel]);
    }

    private async Task RunAsync(RequestDelegate next, CancellationToken aborted = default)
    {
        var context = new DefaultHttpContext { RequestAborted = aborted };
        context.Request.Path = "/v1/chat/completions";
        await new RequestMetricsMiddleware(next, _metrics, TimeProvider.System).InvokeAsync(context);
    }
}
