using LlMesh.Gateway.Scheduling;

namespace LlMesh.Gateway.Tests.Scheduling;

public sealed class JobSchedulerTests
{
    private const string Owner = "alice";
    private const string Caller = "carol";
    private readonly SchedulingFixture _mesh = new();

    [Fact]
    public async Task Acquire_NeverExceedsSlots_ThirdWaitsUntilALeaseIsDisposed()
    {
        var worker = _mesh.AddWorker(Owner, slots: 2, "m");
        var scheduler = _mesh.NewScheduler();

        using var first = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        var second = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        var third = scheduler.Submit(_mesh.Job(Caller));

        Assert.False(third.Lease.IsCompleted);
        Assert.Equal(2, scheduler.InFlight(worker));
        Assert.Equal(1, scheduler.QueueLength);

        second.Dispose();
        using var thirdLease = await third.LeaseAsync();

        Assert.Same(worker, thirdLease.Worker);
        Assert.Equal(2, scheduler.InFlight(worker));
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public async Task Acquire_WaitersForSameModel_AreServedInArrivalOrder()
    {
        _mesh.AddWorker(Owner, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var held = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);

        var waiters = Enumerable.Range(0, 4).Select(_ => scheduler.Submit(_mesh.Job(Caller))).ToArray();
        for (var i = 0; i < waiters.Length; i++)
        {
            held.Dispose();
            held = await waiters[i].LeaseAsync();
            Assert.All(waiters[(i + 1)..], w => Assert.False(w.IsDispatched, $"a later waiter was served before waiter {i}"));
        }

        held.Dispose();
    }

    [Fact]
    public async Task Acquire_WaiterForOtherModel_IsNotBlockedByWaitersAhead()
    {
        var workerA = _mesh.AddWorker(Owner, slots: 1, "A");
        var workerB = _mesh.AddWorker(Owner, slots: 1, "B");
        var scheduler = _mesh.NewScheduler();
        using var heldA = await scheduler.AcquireAsync(_mesh.Job(Caller, "A"), CancellationToken.None);
        var heldB = await scheduler.AcquireAsync(_mesh.Job(Caller, "B"), CancellationToken.None);
        var waiterA = scheduler.Submit(_mesh.Job(Caller, "A"));
        var waiterB = scheduler.Submit(_mesh.Job(Caller, "B"));

        heldB.Dispose();
        using var leaseB = await waiterB.LeaseAsync();

        Assert.Same(workerB, leaseB.Worker);
        Assert.False(waiterA.IsDispatched);
        Assert.Equal(1, scheduler.InFlight(workerA));
    }

    [Fact]
    public async Task Acquire_FreeSlotForOtherModel_IsTakenAtOnceWhileAnotherModelQueues()
    {
        _mesh.AddWorker(Owner, slots: 1, "A");
        _mesh.AddWorker(Owner, slots: 1, "B");
        var scheduler = _mesh.NewScheduler();
        using var heldA = await scheduler.AcquireAsync(_mesh.Job(Caller, "A"), CancellationToken.None);
        var waiterA = scheduler.Submit(_mesh.Job(Caller, "A"));

        var leaseB = scheduler.AcquireAsync(_mesh.Job(Caller, "B"), CancellationToken.None);

        Assert.True(leaseB.IsCompletedSuccessfully);
        Assert.False(waiterA.IsDispatched);
        (await leaseB).Dispose();
    }

    [Fact]
    public async Task Acquire_PrefersWorkerWithMostFreeSlots()
    {
        _mesh.AddWorker(Owner, slots: 1, "m");
        var big = _mesh.AddWorker(Owner, slots: 3, "m");
        var scheduler = _mesh.NewScheduler();

        using var lease = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);

        Assert.Same(big, lease.Worker);
    }

    [Fact]
    public async Task Acquire_TwoEqualWorkers_SpreadsLoadAcrossBoth()
    {
        _mesh.AddWorker(Owner, slots: 2, "m");
        _mesh.AddWorker(Owner, slots: 2, "m");
        var scheduler = _mesh.NewScheduler();

        using var first = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        using var second = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);

        Assert.NotSame(first.Worker, second.Worker);
    }

    [Fact]
    public async Task Acquire_CallerOwnsAFreeWorker_RunsThereRatherThanOnAnEmptierGuestWorker()
    {
        var own = _mesh.AddWorker(Caller, slots: 1, "m");
        _mesh.AddWorker(Owner, slots: 4, "m");
        var scheduler = _mesh.NewScheduler();

        using var lease = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);

        Assert.Same(own, lease.Worker);
    }

    [Fact]
    public async Task Acquire_NeverChoosesUnhealthyWorker()
    {
        var sick = _mesh.AddAgent(Owner, SchedulingFixture.Backend("b0", 8, healthy: false, vision: false, "m")).Single();
        var well = _mesh.AddWorker(Owner, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();

        using var lease = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        var waiter = scheduler.Submit(_mesh.Job(Caller));

        Assert.Same(well, lease.Worker);
        Assert.False(waiter.IsDispatched);
        Assert.Equal(0, scheduler.InFlight(sick));
    }

    [Fact]
    public void Acquire_WorkerWithoutTheModel_IsNeverChosen()
    {
        _mesh.AddWorker(Owner, slots: 4, "other");
        var scheduler = _mesh.NewScheduler();

        var waiter = scheduler.Submit(_mesh.Job(Caller));

        Assert.False(waiter.IsDispatched);
        Assert.Equal(1, scheduler.QueueLength);
    }

    [Fact]
    public async Task Acquire_CancelledWaiter_IsRemovedAndReleaseDoesNotHandItTheSlot()
    {
        var worker = _mesh.AddWorker(Owner, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var held = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = scheduler.Submit(_mesh.Job(Caller), cts.Token);
        var next = scheduler.Submit(_mesh.Job(Caller));

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(cancelled.LeaseAsync);
        Assert.Equal(1, scheduler.QueueLength);

        held.Dispose();
        using var lease = await next.LeaseAsync();

        Assert.Same(worker, lease.Worker);
        Assert.True(cancelled.Job.Dispatched.Task.IsCanceled);
        Assert.Equal(1, scheduler.InFlight(worker));
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public async Task Acquire_OnlyWaiterCancelled_ReleasedSlotStaysFree()
    {
        var worker = _mesh.AddWorker(Owner, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var held = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = scheduler.Submit(_mesh.Job(Caller), cts.Token);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(cancelled.LeaseAsync);
        held.Dispose();

        Assert.Equal(0, scheduler.InFlight(worker));
        Assert.Equal(0, scheduler.QueueLength);
        var again = scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        Assert.True(again.IsCompletedSuccessfully);
        (await again).Dispose();
    }

    [Fact]
    public async Task Acquire_AlreadyCancelledTokenAndNoFreeSlot_ThrowsWithoutQueueing()
    {
        _mesh.AddWorker(Owner, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        using var held = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);

        var refused = scheduler.Submit(_mesh.Job(Caller), new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(refused.LeaseAsync);
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public async Task Acquire_TokenCancelledAfterDispatch_KeepsTheSlotAndTheLease()
    {
        var worker = _mesh.AddWorker(Owner, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var held = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var waiter = scheduler.Submit(_mesh.Job(Caller), cts.Token);
        var behind = scheduler.Submit(_mesh.Job(Caller));

        held.Dispose();
        await cts.CancelAsync();
        using var lease = await waiter.LeaseAsync();

        Assert.Same(worker, lease.Worker);
        Assert.True(waiter.Job.Dispatched.Task.IsCompletedSuccessfully);
        Assert.Equal(1, scheduler.InFlight(worker));
        Assert.False(behind.IsDispatched);
        Assert.Equal(1, scheduler.QueueLength);
    }

    [Fact]
    public async Task Acquire_WorkerAppearingOnPublish_WakesWaiter()
    {
        var scheduler = _mesh.NewScheduler();
        var waiter = scheduler.Submit(_mesh.Job(Caller));
        Assert.False(waiter.IsDispatched);

        var worker = _mesh.AddWorker(Owner, slots: 1, "m");
        using var lease = await waiter.LeaseAsync();

        Assert.Same(worker, lease.Worker);
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public async Task Acquire_WorkerTurningHealthy_WakesWaiter()
    {
        var sick = _mesh.AddAgent(Owner, SchedulingFixture.Backend("b0", 1, healthy: false, vision: false, "m")).Single();
        var scheduler = _mesh.NewScheduler();
        var waiter = scheduler.Submit(_mesh.Job(Caller));
        Assert.False(waiter.IsDispatched);

        var worker = _mesh.Refresh(sick.Agent, SchedulingFixture.Backend("b0", 1, "m")).Single();
        using var lease = await waiter.LeaseAsync();

        Assert.Same(worker, lease.Worker);
    }

    [Fact]
    public async Task Acquire_ExistingSchedulerSeesWorkersPublishedBeforeItWasCreated()
    {
        var worker = _mesh.AddWorker(Owner, slots: 1, "m");

        var scheduler = _mesh.NewScheduler();
        using var lease = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);

        Assert.Same(worker, lease.Worker);
    }

    [Fact]
    public void Acquire_WorkerDisconnected_GetsNoMoreJobs()
    {
        var leaving = _mesh.AddWorker(Owner, slots: 4, "m");
        var scheduler = _mesh.NewScheduler();

        _mesh.Disconnect(leaving);
        var waiter = scheduler.Submit(_mesh.Job(Caller));

        Assert.False(waiter.IsDispatched);
        Assert.Equal(0, scheduler.InFlight(leaving));
    }

    [Fact]
    public async Task LeaseDispose_Twice_FreesOnlyOneSlot()
    {
        var worker = _mesh.AddWorker(Owner, slots: 2, "m");
        var scheduler = _mesh.NewScheduler();
        var first = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        using var second = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        var waiter1 = scheduler.Submit(_mesh.Job(Caller));
        var waiter2 = scheduler.Submit(_mesh.Job(Caller));

        first.Dispose();
        first.Dispose();
        using var lease1 = await waiter1.LeaseAsync();

        Assert.False(waiter2.IsDispatched);
        Assert.Equal(2, scheduler.InFlight(worker));
        Assert.Equal(1, scheduler.QueueLength);
    }

    [Fact]
    public async Task Acquire_QueueAtMaxDepth_ThrowsQueueFullWithoutQueueing()
    {
        _mesh.Options.MaxQueueDepth = 2;
        _mesh.AddWorker(Owner, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        using var held = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        scheduler.Submit(_mesh.Job(Caller));
        scheduler.Submit(_mesh.Job(Caller));

        var refused = scheduler.Submit(_mesh.Job(Caller));

        var error = await Assert.ThrowsAsync<QueueFullException>(refused.LeaseAsync);
        Assert.Equal("m", error.Name);
        Assert.Equal(2, scheduler.QueueLength);
    }

    [Fact]
    public async Task Acquire_QueueDepth_IsCountedPerRequestedName()
    {
        _mesh.Options.MaxQueueDepth = 1;
        _mesh.AddWorker(Owner, slots: 1, "A");
        _mesh.AddWorker(Owner, slots: 1, "B");
        var scheduler = _mesh.NewScheduler();
        using var heldA = await scheduler.AcquireAsync(_mesh.Job(Caller, "A"), CancellationToken.None);
        using var heldB = await scheduler.AcquireAsync(_mesh.Job(Caller, "B"), CancellationToken.None);
        scheduler.Submit(_mesh.Job(Caller, "A"));

        var otherName = scheduler.Submit(_mesh.Job(Caller, "B"));
        var sameName = scheduler.Submit(_mesh.Job(Caller, "A"));

        Assert.False(otherName.Lease.IsCompleted);
        await Assert.ThrowsAsync<QueueFullException>(sameName.LeaseAsync);
        Assert.Equal(2, scheduler.QueueLength);
    }

    [Fact]
    public async Task Acquire_FreeSlot_DispatchesEvenWhenTheQueueIsAtMaxDepthForAnotherName()
    {
        _mesh.Options.MaxQueueDepth = 1;
        _mesh.AddWorker(Owner, slots: 1, "A");
        _mesh.AddWorker(Owner, slots: 1, "B");
        var scheduler = _mesh.NewScheduler();
        using var heldA = await scheduler.AcquireAsync(_mesh.Job(Caller, "A"), CancellationToken.None);
        scheduler.Submit(_mesh.Job(Caller, "A"));

        var lease = scheduler.AcquireAsync(_mesh.Job(Caller, "B"), CancellationToken.None);

        Assert.True(lease.IsCompletedSuccessfully);
        (await lease).Dispose();
    }

    [Fact]
    public async Task Acquire_DispatchedWaiter_FreesItsPlaceInTheDepthLimit()
    {
        _mesh.Options.MaxQueueDepth = 1;
        _mesh.AddWorker(Owner, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var held = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        var waiter = scheduler.Submit(_mesh.Job(Caller));

        held.Dispose();
        using var lease = await waiter.LeaseAsync();
        var next = scheduler.Submit(_mesh.Job(Caller));

        Assert.False(next.Lease.IsCompleted);
        Assert.Equal(1, scheduler.QueueLength);
    }

    [Fact]
    public async Task Job_IsDispatchedOnce_LaterReleasesGoToOtherJobs()
    {
        var worker = _mesh.AddWorker(Owner, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var held = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        var first = scheduler.Submit(_mesh.Job(Caller));
        var second = scheduler.Submit(_mesh.Job(Caller));

        held.Dispose();
        var firstLease = await first.LeaseAsync();
        firstLease.Dispose();
        using var secondLease = await second.LeaseAsync();

        Assert.Same(worker, await first.Job.Dispatched.Task);
        Assert.Same(worker, await second.Job.Dispatched.Task);
        Assert.Equal(1, scheduler.InFlight(worker));
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public async Task Job_CancelledWhileWaiting_IsNeverDispatchedLater()
    {
        var worker = _mesh.AddWorker(Owner, slots: 2, "m");
        var scheduler = _mesh.NewScheduler();
        var held1 = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        var held2 = await scheduler.AcquireAsync(_mesh.Job(Caller), CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = scheduler.Submit(_mesh.Job(Caller), cts.Token);
        await cts.CancelAsync();

        held1.Dispose();
        held2.Dispose();

        Assert.True(cancelled.Job.Dispatched.Task.IsCanceled);
        Assert.Equal(0, scheduler.InFlight(worker));
    }
}
