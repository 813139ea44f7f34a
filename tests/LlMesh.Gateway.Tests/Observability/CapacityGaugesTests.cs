using LlMesh.Gateway.Observability;
using LlMesh.Gateway.Tests.Scheduling;
using LlMesh.State;
using LlMesh.Testing;

namespace LlMesh.Gateway.Tests.Observability;

public sealed class CapacityGaugesTests : IDisposable
{
    private readonly MetricsCapture _capture = new();
    private readonly SchedulingFixture _mesh = new();
    private readonly ManualClock _clock = new(DateTimeOffset.UnixEpoch);

    public void Dispose() => _capture.Dispose();

    [Fact]
    public async Task QueueDepth_CountsWaitingJobsByTierAndName_AndDropsToZeroWhenTheQueueEmpties()
    {
        _mesh.AddWorker("alice", slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        _ = new GatewayMetrics(_capture.MeterFactory, scheduler, _mesh.Registry, _clock);
        var running = await scheduler.AcquireAsync(_mesh.Job("bob"), CancellationToken.None);
        var waiting = new[] { scheduler.Submit(_mesh.Job("bob")), scheduler.Submit(_mesh.Job("bob")), scheduler.Submit(_mesh.Job("bob", priority: Priority.High)) };

        var depth = Depths();
        Assert.Equal(2, depth[("normal", "m")]);
        Assert.Equal(1, depth[("high", "m")]);

        var pending = waiting.ToList();
        while (pending.Count > 0)
        {
            running = await running.ReleaseAndTakeNext(pending).LeaseAsync();
        }

        // Every tier of the worker's model, emptied.
        Assert.All(Depths().Values, d => Assert.Equal(0, d));
        Assert.Equal(["high", "low", "normal"], Depths().Keys.Where(k => k.Model == "m").Select(k => k.Tier).Order());
        running.Dispose();
    }

    [Fact]
    public async Task QueueDepth_ReportsAnAliasOnceItQueued_AndKeepsItAtZeroAfter()
    {
        _mesh.AddWorker("alice", slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        _ = new GatewayMetrics(_capture.MeterFactory, scheduler, _mesh.Registry, _clock);
        Assert.DoesNotContain(Depths().Keys, k => k.Model == "coder");

        var running = await scheduler.AcquireAsync(_mesh.Job("bob"), CancellationToken.None);
        var waiting = scheduler.Submit(_mesh.Job("bob", SchedulingFixture.Alias("coder", ["m"])));
        Assert.Equal(1, Depths()[("normal", "coder")]);

        running.Dispose();
        (await waiting.LeaseAsync()).Dispose();
        Assert.Equal(0, Depths()[("normal", "coder")]);
    }

    [Fact]
    public async Task InFlightAndSlots_ArePerWorkerByAgentNameAndBackend_AndZeroOnceTheWorkerLeft()
    {
        var worker = _mesh.AddWorker("alice", slots: 3, "m");
        var scheduler = _mesh.NewScheduler();
        _ = new GatewayMetrics(_capture.MeterFactory, scheduler, _mesh.Registry, _clock);
        using var first = await scheduler.AcquireAsync(_mesh.Job("bob"), CancellationToken.None);
        using var second = await scheduler.AcquireAsync(_mesh.Job("bob"), CancellationToken.None);
        var label = worker.Agent.AgentName + "/b0";

        var inFlight = Assert.Single(_capture.Observe(MetricNames.WorkerInFlight));
        Assert.Equal(label, inFlight[MetricNames.WorkerLabel]);
        Assert.Equal(2, inFlight.Value);
        Assert.Equal(3, Assert.Single(_capture.Observe(MetricNames.WorkerSlots)).Value);
        Assert.Equal(1, Assert.Single(_capture.Observe(MetricNames.WorkersConnected)).Value);
        Assert.Equal(1, Assert.Single(_capture.Observe(MetricNames.AgentsConnected)).Value);

        _mesh.Disconnect(worker);

        Assert.Equal(0, Assert.Single(_capture.Observe(MetricNames.WorkerInFlight)).Value);
        Assert.Equal(0, Assert.Single(_capture.Observe(MetricNames.WorkerSlots)).Value);
        Assert.Equal(0, Assert.Single(_capture.Observe(MetricNames.WorkersConnected)).Value);
    }

    [Fact]
    public async Task ALabelNoLongerInUse_IsReportedAtZeroForTheLinger_ThenNotAtAll()
    {
        var worker = _mesh.AddWorker("alice", slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        _ = new GatewayMetrics(_capture.MeterFactory, scheduler, _mesh.Registry, _clock);
        var running = await scheduler.AcquireAsync(_mesh.Job("bob"), CancellationToken.None);
        var waiting = scheduler.Submit(_mesh.Job("bob", SchedulingFixture.Alias("coder", ["m"])));
        Assert.Equal(1, Depths()[("normal", "coder")]);
        Assert.Single(_capture.Observe(MetricNames.WorkerSlots));

        running.Dispose();
        (await waiting.LeaseAsync()).Dispose();
        _mesh.Disconnect(worker);
        _clock.Advance(CapacityGauges.Linger);
        Assert.Equal(0, Depths()[("normal", "coder")]);
        Assert.Equal(0, Assert.Single(_capture.Observe(MetricNames.WorkerSlots)).Value);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(Depths());
        Assert.Empty(_capture.Observe(MetricNames.WorkerSlots));
        Assert.Empty(_capture.Observe(MetricNames.WorkerInFlight));
    }

    private Dictionary<(string Tier, string Model), double> Depths() =>
        _capture.Observe(MetricNames.QueueDepth).ToDictionary(m => (m[MetricNames.TierLabel]!, m[MetricNames.ModelLabel]!), m => m.Value);
}
