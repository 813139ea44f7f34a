using TokenUsage = LlMesh.ApiFormats.Tokens.Usage;
using LlMesh.Gateway.Observability;
using LlMesh.Gateway.Tests.Scheduling;
using LlMesh.State;

namespace LlMesh.Gateway.Tests.Observability;

public sealed class GatewayMetricsTests : IDisposable
{
    private readonly MetricsCapture _capture = new();
    private readonly SchedulingFixture _mesh = new();

    public void Dispose() => _capture.Dispose();

    [Fact]
    public void New_ReportsEveryRequeueReasonAndTimeoutKindAtZero()
    {
        _ = NewMetrics();

        Assert.Equal(RequeueReasons.All.Order(), _capture.Of(MetricNames.Requeues).Select(m => m[MetricNames.ReasonLabel]!).Order());
        Assert.Equal(TimeoutKinds.All.Order(), _capture.Of(MetricNames.Timeouts).Select(m => m[MetricNames.KindLabel]!).Order());
        Assert.All(_capture.Of(MetricNames.Requeues).Concat(_capture.Of(MetricNames.Timeouts)), m => Assert.Equal(0, m.Value));
    }

    [Fact]
    public void QueueWaited_RecordsSecondsByTierAndRequestedName()
    {
        var metrics = NewMetrics();

        metrics.QueueWaited(_mesh.Job("bob", SchedulingFixture.Alias("coder", ["m"]), Priority.High), TimeSpan.FromMilliseconds(1500));

        var wait = Assert.Single(_capture.Of(MetricNames.QueueWait));
        Assert.Equal(1.5, wait.Value);
        Assert.Equal("high", wait[MetricNames.TierLabel]);
        Assert.Equal("coder", wait[MetricNames.ModelLabel]);
    }

    [Fact]
    public void Answered_RecordsTimeToFirstTokenSpeedsAndTokens_ByModel()
    {
        var metrics = NewMetrics();

        metrics.Answered("m", TimeSpan.FromMilliseconds(250), new TokenUsage(PromptTokens: 30, CompletionTokens: 12, CachedTokens: 0, PromptTokensPerSecond: 900, GenerationTokensPerSecond: 42.5));

        Assert.Equal(0.25, Assert.Single(_capture.Of(MetricNames.TimeToFirstToken)).Value);
        Assert.Equal(42.5, Assert.Single(_capture.Of(MetricNames.GenerationSpeed)).Value);
        Assert.Equal(900, Assert.Single(_capture.Of(MetricNames.PrefillSpeed)).Value);
        var tokens = _capture.Of(MetricNames.Tokens).ToDictionary(m => m[MetricNames.TypeLabel]!, m => m.Value);
        Assert.Equal(30, tokens["prompt"]);
        Assert.Equal(12, tokens["completion"]);
        Assert.All(_capture.Of(MetricNames.Tokens), m => Assert.Equal("m", m[MetricNames.ModelLabel]));
    }

    [Fact]
    public void Answered_WithoutTimingsOrStream_RecordsNoSpeedAndNoTimeToFirstToken()
    {
        var metrics = NewMetrics();

        metrics.Answered("m", timeToFirstToken: null, new TokenUsage(5, 7, 0, PromptTokensPerSecond: null, GenerationTokensPerSecond: null));

        Assert.Empty(_capture.Of(MetricNames.TimeToFirstToken));
        Assert.Empty(_capture.Of(MetricNames.GenerationSpeed));
        Assert.Empty(_capture.Of(MetricNames.PrefillSpeed));
        Assert.Equal(2, _capture.Of(MetricNames.Tokens).Count);
    }

    [Fact]
    public void RequestEnded_RecordsDurationOnlyForJobs_AndCountsOnlyErrors()
    {
        var metrics = NewMetrics();

        metrics.RequestEnded("ChatCompletions", "m", 200, TimeSpan.FromSeconds(2));
        metrics.RequestEnded("ChatCompletions", "m", 504, TimeSpan.FromSeconds(1));
        metrics.RequestEnded("ChatCompletions", model: null, 401, TimeSpan.FromMilliseconds(1));

        var durations = _capture.Of(MetricNames.RequestDuration);
        Assert.Equal(["200", "504"], durations.Select(d => d[MetricNames.StatusLabel]!));
        Assert.Equal([2.0, 1.0], durations.Select(d => d.Value));
        var errors = _capture.Of(MetricNames.Errors);
        Assert.Equal(["504", "401"], errors.Select(e => e[MetricNames.StatusLabel]!));
        Assert.All(errors, e => Assert.Equal("ChatCompletions", e[MetricNames.RouteLabel]));
    }

    [Fact]
    public void RequeuedAndTimedOut_CountOneWithTheirLabel()
    {
        var metrics = NewMetrics();

        metrics.Requeued(RequeueReasons.BackendUnreachable);
        metrics.TimedOut(TimeoutKinds.TimeToFirstToken);

        var requeue = _capture.Of(MetricNames.Requeues)[^1];
        var timeout = _capture.Of(MetricNames.Timeouts)[^1];
        Assert.Equal(1, requeue.Value);
        Assert.Equal(RequeueReasons.BackendUnreachable, requeue[MetricNames.ReasonLabel]);
        Assert.Equal(1, timeout.Value);
        Assert.Equal(TimeoutKinds.TimeToFirstToken, timeout[MetricNames.KindLabel]);
    }

    private GatewayMetrics NewMetrics() => new(_capture.MeterFactory, _mesh.NewScheduler(), _mesh.Registry, TimeProvider.System);
}
