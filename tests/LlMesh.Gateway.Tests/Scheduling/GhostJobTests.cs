using LlMesh.Gateway.Scheduling;
using LlMesh.State;

namespace LlMesh.Gateway.Tests.Scheduling;

/// <summary>
/// Ghosts: other replicas' waiting jobs mirrored into this scheduler so one policy (tiers, FIFO by the
/// mesh-wide sequence, owner first) decides over all of them.
/// </summary>
public sealed class GhostJobTests
{
    private const string Owner = "alice";
    private readonly SchedulingFixture _mesh = new();

    [Fact]
    public async Task AHigherTierGhost_GetsTheFreedSlot_BeforeALocalJob()
    {
        var worker = _mesh.AddWorker(Owner, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var held = await scheduler.AcquireAsync(_mesh.Job("carol"), CancellationToken.None);
        var local = scheduler.Submit(Sequenced(_mesh.Job("carol"), 10));
        var ghost = Ghost(_mesh.Job("dave", priority: Priority.High), 20);
        scheduler.AddGhost(ghost);

        Assert.Equal(1, scheduler.QueueLength); // the ghost is not this replica's to show
        held.Dispose();

        Assert.Same(worker, await ghost.Dispatched.Task.WaitAsync(SchedulingFixture.Timeout));
        Assert.False(local.IsDispatched);
        scheduler.LeaseFor(worker).Dispose();
        using var lease = await local.LeaseAsync();
        Assert.Same(worker, lease.Worker);
    }

    [Fact]
    public async Task SameTier_TheLowerSequenceGoesFirst_WhicheverReplicaItWaitsOn()
    {
        _mesh.AddWorker(Owner, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var held = await scheduler.AcquireAsync(_mesh.Job("carol"), CancellationToken.None);
        var later = scheduler.Submit(Sequenced(_mesh.Job("carol"), 30));
        var earlier = Ghost(_mesh.Job("carol"), 20); // same user: the ghost goes in front of the later local job
        scheduler.AddGhost(earlier);

        held.Dispose();

        var worker = await earlier.Dispatched.Task.WaitAsync(SchedulingFixture.Timeout);
        Assert.False(later.IsDispatched);
        scheduler.LeaseFor(worker).Dispose();
        (await later.LeaseAsync()).Dispose();
    }

    [Fact]
    public async Task AFreeSlot_GoesToAGhostAtOnce()
    {
        var worker = _mesh.AddWorker(Owner, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var ghost = Ghost(_mesh.Job("dave"), 5);

        scheduler.AddGhost(ghost);

        Assert.Same(worker, await ghost.Dispatched.Task.WaitAsync(SchedulingFixture.Timeout));
        Assert.Equal(1, scheduler.InFlight(worker));
        Assert.Null(scheduler.TryAcquireNow(_mesh.Job("carol")));
    }

    [Fact]
    public async Task Withdraw_EndsALocalWait_WithTheReason_AndAGhostLeavesTheQueue()
    {
        _mesh.AddWorker(Owner, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        using var held = await scheduler.AcquireAsync(_mesh.Job("carol"), CancellationToken.None);
        var local = scheduler.Submit(_mesh.Job("carol"));
        var ghost = Ghost(_mesh.Job("dave"), 7);
        scheduler.AddGhost(ghost);

        Assert.True(scheduler.Withdraw(local.Job, new InvalidOperationException("claimed by replica b")));
        Assert.True(scheduler.Withdraw(ghost, new OperationCanceledException()));
        Assert.False(scheduler.Withdraw(ghost, new OperationCanceledException()));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => local.Lease);
        Assert.Equal("claimed by replica b", error.Message);
        Assert.Equal(0, scheduler.QueueLength);
        Assert.Empty(scheduler.QueuedJobs());
    }

    [Fact]
    public void TryAcquireNow_QueuesNothing_WhenNoSlotIsFree()
    {
        _mesh.AddWorker(Owner, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        using var first = scheduler.TryAcquireNow(_mesh.Job("carol"));

        Assert.NotNull(first);
        Assert.Null(scheduler.TryAcquireNow(_mesh.Job("carol")));
        Assert.Equal(0, scheduler.QueueLength);
    }

    private static Job Sequenced(Job job, long sequence)
    {
        job.Sequence = sequence;
        return job;
    }

    private static Job Ghost(Job job, long sequence) =>
        new(job.Id, job.User, job.Priority, job.Target, job.Modalities, null, job.EnqueuedAt) { Origin = "replica-b", Sequence = sequence };
}
