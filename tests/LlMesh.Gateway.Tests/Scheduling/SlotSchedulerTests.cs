using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Workers;
using LlMesh.Tunnel.Protocol;

namespace LlMesh.Gateway.Tests.Scheduling;

public sealed class SlotSchedulerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly WorkerRegistry _registry = new();

    [Fact]
    public async Task Acquire_NeverExceedsSlots_ThirdWaitsUntilALeaseIsDisposed()
    {
        var worker = AddAgent("a1", Backend("b0", slots: 2, models: "m")).Single();
        var scheduler = new SlotScheduler(_registry);

        using var first = await scheduler.AcquireAsync("m", CancellationToken.None);
        var second = await scheduler.AcquireAsync("m", CancellationToken.None);
        var third = scheduler.AcquireAsync("m", CancellationToken.None).AsTask();

        Assert.False(third.IsCompleted);
        Assert.Equal(2, scheduler.InFlight(worker));
        Assert.Equal(1, scheduler.QueueLength);

        second.Dispose();
        using var thirdLease = await third.WaitAsync(Timeout);

        Assert.Same(worker, thirdLease.Worker);
        Assert.Equal(2, scheduler.InFlight(worker));
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public async Task Acquire_WaitersForSameModel_AreServedInArrivalOrder()
    {
        AddAgent("a1", Backend("b0", slots: 1, models: "m"));
        var scheduler = new SlotScheduler(_registry);
        var held = await scheduler.AcquireAsync("m", CancellationToken.None);

        var waiters = Enumerable.Range(0, 4).Select(_ => scheduler.AcquireAsync("m", CancellationToken.None).AsTask()).ToArray();
        for (var i = 0; i < waiters.Length; i++)
        {
            held.Dispose();
            held = await waiters[i].WaitAsync(Timeout);
            Assert.All(waiters[(i + 1)..], w => Assert.False(w.IsCompleted, $"a later waiter was served before waiter {i}"));
        }

        held.Dispose();
    }

    [Fact]
    public async Task Acquire_WaiterForOtherModel_IsNotBlockedByWaitersAhead()
    {
        var workerA = AddAgent("a1", Backend("b0", slots: 1, models: "A")).Single();
        var workerB = AddAgent("a2", Backend("b0", slots: 1, models: "B")).Single();
        var scheduler = new SlotScheduler(_registry);
        using var heldA = await scheduler.AcquireAsync("A", CancellationToken.None);
        var heldB = await scheduler.AcquireAsync("B", CancellationToken.None);
        var waiterA = scheduler.AcquireAsync("A", CancellationToken.None).AsTask();
        var waiterB = scheduler.AcquireAsync("B", CancellationToken.None).AsTask();

        heldB.Dispose();
        using var leaseB = await waiterB.WaitAsync(Timeout);

        Assert.Same(workerB, leaseB.Worker);
        Assert.False(waiterA.IsCompleted);
        Assert.Equal(1, scheduler.InFlight(workerA));
    }

    [Fact]
    public async Task Acquire_FreeSlotForOtherModel_IsTakenAtOnceWhileAnotherModelQueues()
    {
        AddAgent("a1", Backend("b0", slots: 1, models: "A"));
        AddAgent("a2", Backend("b0", slots: 1, models: "B"));
        var scheduler = new SlotScheduler(_registry);
        using var heldA = await scheduler.AcquireAsync("A", CancellationToken.None);
        var waiterA = scheduler.AcquireAsync("A", CancellationToken.None).AsTask();

        var leaseB = scheduler.AcquireAsync("B", CancellationToken.None).AsTask();

        Assert.True(leaseB.IsCompletedSuccessfully);
        Assert.False(waiterA.IsCompleted);
        (await leaseB).Dispose();
    }

    [Fact]
    public async Task Acquire_PrefersWorkerWithMostFreeSlots()
    {
        AddAgent("a1", Backend("small", slots: 1, models: "m"));
        var big = AddAgent("a2", Backend("big", slots: 3, models: "m")).Single();
        var scheduler = new SlotScheduler(_registry);

        using var lease = await scheduler.AcquireAsync("m", CancellationToken.None);

        Assert.Same(big, lease.Worker);
    }

    [Fact]
    public async Task Acquire_TwoEqualWorkers_SpreadsLoadAcrossBoth()
    {
        AddAgent("a1", Backend("b0", slots: 2, models: "m"));
        AddAgent("a2", Backend("b0", slots: 2, models: "m"));
        var scheduler = new SlotScheduler(_registry);

        using var first = await scheduler.AcquireAsync("m", CancellationToken.None);
        using var second = await scheduler.AcquireAsync("m", CancellationToken.None);

        Assert.NotSame(first.Worker, second.Worker);
    }

    [Fact]
    public async Task Acquire_NeverChoosesUnhealthyWorker()
    {
        var sick = AddAgent("a1", Backend("b0", slots: 8, healthy: false, models: "m")).Single();
        var well = AddAgent("a2", Backend("b0", slots: 1, models: "m")).Single();
        var scheduler = new SlotScheduler(_registry);

        using var lease = await scheduler.AcquireAsync("m", CancellationToken.None);
        var waiter = scheduler.AcquireAsync("m", CancellationToken.None).AsTask();

        Assert.Same(well, lease.Worker);
        Assert.False(waiter.IsCompleted);
        Assert.Equal(0, scheduler.InFlight(sick));
    }

    [Fact]
    public void Acquire_WorkerWithoutTheModel_IsNeverChosen()
    {
        AddAgent("a1", Backend("b0", slots: 4, models: "other"));
        var scheduler = new SlotScheduler(_registry);

        var waiter = scheduler.AcquireAsync("m", CancellationToken.None).AsTask();

        Assert.False(waiter.IsCompleted);
        Assert.Equal(1, scheduler.QueueLength);
    }

    [Fact]
    public async Task Acquire_CancelledWaiter_IsRemovedAndReleaseDoesNotHandItTheSlot()
    {
        var worker = AddAgent("a1", Backend("b0", slots: 1, models: "m")).Single();
        var scheduler = new SlotScheduler(_registry);
        var held = await scheduler.AcquireAsync("m", CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = scheduler.AcquireAsync("m", cts.Token).AsTask();
        var next = scheduler.AcquireAsync("m", CancellationToken.None).AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        Assert.Equal(1, scheduler.QueueLength);

        held.Dispose();
        using var lease = await next.WaitAsync(Timeout);

        Assert.Same(worker, lease.Worker);
        Assert.Equal(1, scheduler.InFlight(worker));
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public async Task Acquire_OnlyWaiterCancelled_ReleasedSlotStaysFree()
    {
        var worker = AddAgent("a1", Backend("b0", slots: 1, models: "m")).Single();
        var scheduler = new SlotScheduler(_registry);
        var held = await scheduler.AcquireAsync("m", CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = scheduler.AcquireAsync("m", cts.Token).AsTask();

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        held.Dispose();

        Assert.Equal(0, scheduler.InFlight(worker));
        Assert.Equal(0, scheduler.QueueLength);
        var again = scheduler.AcquireAsync("m", CancellationToken.None).AsTask();
        Assert.True(again.IsCompletedSuccessfully);
        (await again).Dispose();
    }

    [Fact]
    public async Task Acquire_AlreadyCancelledTokenAndNoFreeSlot_ThrowsWithoutQueueing()
    {
        AddAgent("a1", Backend("b0", slots: 1, models: "m"));
        var scheduler = new SlotScheduler(_registry);
        using var held = await scheduler.AcquireAsync("m", CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => scheduler.AcquireAsync("m", new CancellationToken(canceled: true)).AsTask().WaitAsync(Timeout));

        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public async Task Acquire_WorkerAppearingOnPublish_WakesWaiter()
    {
        var scheduler = new SlotScheduler(_registry);
        var waiter = scheduler.AcquireAsync("m", CancellationToken.None).AsTask();
        Assert.False(waiter.IsCompleted);

        var worker = AddAgent("a1", Backend("b0", slots: 1, models: "m")).Single();
        using var lease = await waiter.WaitAsync(Timeout);

        Assert.Same(worker, lease.Worker);
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public async Task Acquire_WorkerTurningHealthy_WakesWaiter()
    {
        AddAgent("a1", Backend("b0", slots: 1, healthy: false, models: "m"));
        var scheduler = new SlotScheduler(_registry);
        var waiter = scheduler.AcquireAsync("m", CancellationToken.None).AsTask();
        Assert.False(waiter.IsCompleted);

        var worker = AddAgent("a1", Backend("b0", slots: 1, models: "m")).Single();
        using var lease = await waiter.WaitAsync(Timeout);

        Assert.Same(worker, lease.Worker);
    }

    [Fact]
    public async Task Acquire_ExistingSchedulerSeesWorkersPublishedBeforeItWasCreated()
    {
        var worker = AddAgent("a1", Backend("b0", slots: 1, models: "m")).Single();

        var scheduler = new SlotScheduler(_registry);
        using var lease = await scheduler.AcquireAsync("m", CancellationToken.None);

        Assert.Same(worker, lease.Worker);
    }

    [Fact]
    public async Task LeaseDispose_Twice_FreesOnlyOneSlot()
    {
        var worker = AddAgent("a1", Backend("b0", slots: 2, models: "m")).Single();
        var scheduler = new SlotScheduler(_registry);
        var first = await scheduler.AcquireAsync("m", CancellationToken.None);
        using var second = await scheduler.AcquireAsync("m", CancellationToken.None);
        var waiter1 = scheduler.AcquireAsync("m", CancellationToken.None).AsTask();
        var waiter2 = scheduler.AcquireAsync("m", CancellationToken.None).AsTask();

        first.Dispose();
        first.Dispose();
        using var lease1 = await waiter1.WaitAsync(Timeout);

        Assert.False(waiter2.IsCompleted);
        Assert.Equal(2, scheduler.InFlight(worker));
        Assert.Equal(1, scheduler.QueueLength);
    }

    private IReadOnlyList<Worker> AddAgent(string instanceId, params BackendCapabilities[] backends)
    {
        var session = _registry.GetOrAddSession(
            instanceId, () => new AgentSession(instanceId, "agent-" + instanceId, "alice", "1.0", DateTimeOffset.UnixEpoch));
        session.SetCapabilities(new AgentCapabilities("1.0", backends));
        _registry.Publish();
        return session.Workers;
    }

    private static BackendCapabilities Backend(string id, int slots, bool healthy = true, params string[] models) =>
        new(id, healthy, slots, models.Select(m => new ModelCapabilities(m, ContextLength: null)).ToArray(), Vision: false, Audio: false);
}
