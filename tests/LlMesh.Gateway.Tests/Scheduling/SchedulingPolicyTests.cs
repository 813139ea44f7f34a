using LlMesh.Gateway.Scheduling;
using LlMesh.State;
using LlMesh.State.Users;
using LlMesh.Tunnel.Protocol;
using static LlMesh.Gateway.Tests.Scheduling.SchedulingFixture;

namespace LlMesh.Gateway.Tests.Scheduling;

/// <summary>
/// The scheduling policy, one rule per test. Each test fills every slot, queues jobs, then frees slots one
/// at a time and reads which job each freed slot went to.
/// </summary>
public sealed class SchedulingPolicyTests
{
    private const string Alice = "alice";
    private const string Bob = "bob";
    private const string Carol = "carol";
    private const string Dave = "dave";
    private readonly SchedulingFixture _mesh = new();

    [Fact]
    public async Task FreedSlot_SameUserAndTier_GoesToJobsInArrivalOrder()
    {
        _mesh.AddWorker(Alice, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var lease = await scheduler.AcquireAsync(_mesh.Job(Carol), CancellationToken.None);
        var queued = Enumerable.Range(0, 5).Select(_ => scheduler.Submit(_mesh.Job(Carol))).ToList();
        var waiting = queued.ToList();

        foreach (var expected in queued)
        {
            var next = lease.ReleaseAndTakeNext(waiting);
            Assert.Same(expected, next);
            lease = await next.LeaseAsync();
        }

        lease.Dispose();
    }

    [Fact]
    public async Task FreedSlot_GoesToHigherTierFirst_ThenArrivalOrderWithinTier()
    {
        _mesh.AddWorker(Alice, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var lease = await scheduler.AcquireAsync(_mesh.Job(Carol), CancellationToken.None);
        var low1 = scheduler.Submit(_mesh.Job(Carol, priority: Priority.Low));
        var normal = scheduler.Submit(_mesh.Job(Carol, priority: Priority.Normal));
        var high1 = scheduler.Submit(_mesh.Job(Carol, priority: Priority.High));
        var low2 = scheduler.Submit(_mesh.Job(Carol, priority: Priority.Low));
        var high2 = scheduler.Submit(_mesh.Job(Carol, priority: Priority.High));
        var waiting = new List<SubmittedJob> { low1, normal, high1, low2, high2 };

        var order = new List<SubmittedJob>();
        while (waiting.Count > 0)
        {
            var next = lease.ReleaseAndTakeNext(waiting);
            order.Add(next);
            lease = await next.LeaseAsync();
        }

        lease.Dispose();
        Assert.Equal([high1, high2, normal, low1, low2], order);
    }

    [Fact]
    public async Task FreedSlot_OnOwnersWorker_GoesToOwnersLowJobBeforeGuestsOlderHighJob()
    {
        var worker = _mesh.AddWorker(Alice, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var lease = await scheduler.AcquireAsync(_mesh.Job(Carol), CancellationToken.None);
        var guestHigh = scheduler.Submit(_mesh.Job(Bob, priority: Priority.High));
        var ownerLow = scheduler.Submit(_mesh.Job(Alice, priority: Priority.Low));
        var waiting = new List<SubmittedJob> { guestHigh, ownerLow };

        var first = lease.ReleaseAndTakeNext(waiting);
        var second = (await first.LeaseAsync()).ReleaseAndTakeNext(waiting);

        Assert.Same(ownerLow, first);
        Assert.Same(worker, first.Worker);
        Assert.Same(guestHigh, second);
    }

    [Fact]
    public async Task FreedSlot_OnSomeoneElsesWorker_OwnerOfAnotherWorkerDoesNotJumpTheQueue()
    {
        var bobs = _mesh.AddWorker(Bob, slots: 1, "m");
        var alices = _mesh.AddWorker(Alice, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        using var onAlices = await scheduler.AcquireAsync(_mesh.Job(Alice, priority: Priority.High), CancellationToken.None);
        var onBobs = await scheduler.AcquireAsync(_mesh.Job(Bob, priority: Priority.High), CancellationToken.None);
        Assert.Same(alices, onAlices.Worker);
        Assert.Same(bobs, onBobs.Worker);
        var carols = scheduler.Submit(_mesh.Job(Carol));
        var alicesQueued = scheduler.Submit(_mesh.Job(Alice));
        var waiting = new List<SubmittedJob> { carols, alicesQueued };

        var next = onBobs.ReleaseAndTakeNext(waiting);

        Assert.Same(carols, next);
        Assert.Same(bobs, next.Worker);
        Assert.False(alicesQueued.IsDispatched);
    }

    [Fact]
    public async Task SendIsolatedUser_WaitsForOwnWorker_EvenWhileAnotherUsersWorkerIsFree()
    {
        await _mesh.Users.SetAsync(new UserRecord("sally", SendIsolated: true));
        var own = _mesh.AddWorker("sally", slots: 1, "m");
        var others = _mesh.AddWorker(Bob, slots: 2, "m");
        var scheduler = _mesh.NewScheduler();
        var held = await scheduler.AcquireAsync(_mesh.Job("sally"), CancellationToken.None);
        Assert.Same(own, held.Worker);

        var queued = scheduler.Submit(_mesh.Job("sally"));

        Assert.False(queued.IsDispatched);
        Assert.Equal(0, scheduler.InFlight(others));
        var next = held.ReleaseAndTakeNext([queued]);
        Assert.Same(own, next.Worker);
    }

    [Fact]
    public async Task ReceiveIsolatedWorker_NeverRunsAnotherUsersJob_ButRunsItsOwners()
    {
        await _mesh.Users.SetAsync(new UserRecord("rita", ReceiveIsolated: true));
        var ritas = _mesh.AddWorker("rita", slots: 1, "m");
        var scheduler = _mesh.NewScheduler();

        var guest = scheduler.Submit(_mesh.Job(Carol, priority: Priority.High));
        Assert.False(guest.IsDispatched);
        var own = await scheduler.AcquireAsync(_mesh.Job("rita", priority: Priority.Low), CancellationToken.None);
        Assert.Same(ritas, own.Worker);

        own.Dispose();

        Assert.False(guest.IsDispatched);
        Assert.Equal(0, scheduler.InFlight(ritas));
        Assert.Equal(1, scheduler.QueueLength);
    }

    [Fact]
    public async Task ReceiveIsolationLifted_WaitingGuestJobRunsOnTheWorkerAtOnce()
    {
        await _mesh.Users.SetAsync(new UserRecord("rita", ReceiveIsolated: true));
        var ritas = _mesh.AddWorker("rita", slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var guest = scheduler.Submit(_mesh.Job(Carol));
        Assert.False(guest.IsDispatched);

        await _mesh.Users.SetAsync(new UserRecord("rita"));

        Assert.Same(ritas, guest.Worker);
    }

    [Fact]
    public async Task Alias_SpillsToNextTierOnlyWhileFirstIsBusy_AndReturnsWhenItFrees()
    {
        var big = _mesh.AddWorker(Bob, slots: 1, "big");
        var small = _mesh.AddWorker(Bob, slots: 2, "small");
        var scheduler = _mesh.NewScheduler();
        var chat = Alias("chat", ["big"], ["small"]);

        var first = await scheduler.AcquireAsync(_mesh.Job(Carol, chat), CancellationToken.None);
        using var spilled = await scheduler.AcquireAsync(_mesh.Job(Carol, chat), CancellationToken.None);
        first.Dispose();
        using var back = await scheduler.AcquireAsync(_mesh.Job(Carol, chat), CancellationToken.None);

        Assert.Same(big, first.Worker);
        Assert.Same(small, spilled.Worker);
        Assert.Same(big, back.Worker);
    }

    [Fact]
    public async Task Alias_WaitingJob_TakesWhicheverTierFreesFirst()
    {
        var big = _mesh.AddWorker(Bob, slots: 1, "big");
        var small = _mesh.AddWorker(Bob, slots: 1, "small");
        var scheduler = _mesh.NewScheduler();
        var chat = Alias("chat", ["big"], ["small"]);
        var onBig = await scheduler.AcquireAsync(_mesh.Job(Carol, chat), CancellationToken.None);
        var onSmall = await scheduler.AcquireAsync(_mesh.Job(Carol, chat), CancellationToken.None);
        var waiting = new List<SubmittedJob> { scheduler.Submit(_mesh.Job(Carol, chat)), scheduler.Submit(_mesh.Job(Carol, chat)) };

        var toBig = onBig.ReleaseAndTakeNext(waiting);
        var toSmall = onSmall.ReleaseAndTakeNext(waiting);

        Assert.Same(big, toBig.Worker);
        Assert.Same(small, toSmall.Worker);
    }

    [Fact]
    public async Task Alias_PreferredTierOffline_SpillsAtOnce_AndReturnsWhenItConnects()
    {
        var small = _mesh.AddWorker(Bob, slots: 1, "small");
        var scheduler = _mesh.NewScheduler();
        var chat = Alias("chat", ["big"], ["small"]);

        using var spilled = await scheduler.AcquireAsync(_mesh.Job(Carol, chat), CancellationToken.None);
        var waiting = scheduler.Submit(_mesh.Job(Carol, chat));
        var big = _mesh.AddWorker(Bob, slots: 1, "big");

        Assert.Same(small, spilled.Worker);
        Assert.Same(big, waiting.Worker);
    }

    [Fact]
    public void Alias_BothTiersConnectTogether_SecondWaitingJobSpillsWhileFirstTierIsFull()
    {
        var scheduler = _mesh.NewScheduler();
        var chat = Alias("chat", ["big"], ["small"]);
        var first = scheduler.Submit(_mesh.Job(Carol, chat));
        var second = scheduler.Submit(_mesh.Job(Carol, chat));

        // One agent with both backends; the tier-2 worker is listed first.
        var workers = _mesh.AddAgent(Bob, Backend("small", 1, "small"), Backend("big", 1, "big"));

        Assert.Same(workers[1], first.Worker);
        Assert.True(second.IsDispatched, "the big tier is full, so the second job should spill to the free small worker");
        Assert.Same(workers[0], second.Worker);
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public async Task FairShare_UserArrivingBehindAnotherUsersLongQueue_IsServedWithinTwoDispatches()
    {
        _mesh.AddWorker(Alice, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var lease = await scheduler.AcquireAsync(_mesh.Job(Alice, priority: Priority.High), CancellationToken.None);
        var carols = Enumerable.Range(0, 50).Select(_ => scheduler.Submit(_mesh.Job(Carol, priority: Priority.Low))).ToList();
        var daves = scheduler.Submit(_mesh.Job(Dave, priority: Priority.Low));
        var waiting = carols.Append(daves).ToList();

        var order = new List<SubmittedJob>();
        while (waiting.Count > 0)
        {
            var next = lease.ReleaseAndTakeNext(waiting);
            order.Add(next);
            lease = await next.LeaseAsync();
        }

        lease.Dispose();
        Assert.InRange(order.IndexOf(daves), 0, 1);
        Assert.Equal(carols, order.Where(j => j != daves));
    }

    [Fact]
    public async Task FairShare_UserReturningAfterUsingIdleCapacityAlone_StartsLevelWithTheActiveUser()
    {
        _mesh.AddWorker(Alice, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        for (var i = 0; i < 10; i++)
        {
            // Carol uses the worker while nobody else wants it.
            (await scheduler.AcquireAsync(_mesh.Job(Carol, priority: Priority.Low), CancellationToken.None)).Dispose();
        }

        var lease = await scheduler.AcquireAsync(_mesh.Job(Dave, priority: Priority.Low), CancellationToken.None);
        var waiting = Enumerable.Range(0, 5).Select(_ => scheduler.Submit(_mesh.Job(Dave, priority: Priority.Low))).ToList();
        var carols = scheduler.Submit(_mesh.Job(Carol, priority: Priority.Low));
        waiting.Add(carols);

        var order = new List<SubmittedJob>();
        while (waiting.Count > 0)
        {
            var next = lease.ReleaseAndTakeNext(waiting);
            order.Add(next);
            lease = await next.LeaseAsync();
        }

        lease.Dispose();
        Assert.InRange(order.IndexOf(carols), 0, 1);
    }

    [Fact]
    public async Task PrefixAffinity_FollowUpTurn_GoesToTheWorkerThatServedTheConversation()
    {
        var first = _mesh.AddWorker(Bob, slots: 2, "m");
        var scheduler = _mesh.NewScheduler();
        (await scheduler.AcquireAsync(_mesh.Job(Carol, prefixKey: 42), CancellationToken.None)).Dispose();
        var emptier = _mesh.AddWorker(Bob, slots: 4, "m");

        using var followUp = await scheduler.AcquireAsync(_mesh.Job(Carol, prefixKey: 42), CancellationToken.None);
        using var otherConversation = await scheduler.AcquireAsync(_mesh.Job(Carol, prefixKey: 7), CancellationToken.None);

        Assert.Same(first, followUp.Worker);
        Assert.Same(emptier, otherConversation.Worker);
    }

    [Fact]
    public async Task PrefixAffinity_Disabled_FollowUpTurnGoesToTheEmptierWorker()
    {
        _mesh.Options.PrefixAffinity = false;
        _mesh.AddWorker(Bob, slots: 2, "m");
        var scheduler = _mesh.NewScheduler();
        (await scheduler.AcquireAsync(_mesh.Job(Carol, prefixKey: 42), CancellationToken.None)).Dispose();
        var emptier = _mesh.AddWorker(Bob, slots: 4, "m");

        using var followUp = await scheduler.AcquireAsync(_mesh.Job(Carol, prefixKey: 42), CancellationToken.None);

        Assert.Same(emptier, followUp.Worker);
    }

    [Fact]
    public async Task PrefixAffinity_AffinityWorkerBusy_FollowUpRunsOnAnotherFreeWorkerAtOnce()
    {
        var first = _mesh.AddWorker(Bob, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        using var turn1 = await scheduler.AcquireAsync(_mesh.Job(Carol, prefixKey: 42), CancellationToken.None);
        var other = _mesh.AddWorker(Bob, slots: 1, "m");

        var followUp = scheduler.AcquireAsync(_mesh.Job(Carol, prefixKey: 42), CancellationToken.None);

        Assert.True(followUp.IsCompletedSuccessfully);
        using var lease = await followUp;
        Assert.Same(other, lease.Worker);
    }

    [Fact]
    public async Task PrefixAffinity_WhenAffinityWorkerFrees_WaitingHigherTierJobGetsIt()
    {
        var first = _mesh.AddWorker(Bob, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var turn1 = await scheduler.AcquireAsync(_mesh.Job(Carol, prefixKey: 42), CancellationToken.None);
        Assert.Same(first, turn1.Worker);
        var followUp = scheduler.Submit(_mesh.Job(Carol, priority: Priority.Low, prefixKey: 42));
        var urgent = scheduler.Submit(_mesh.Job(Dave, priority: Priority.High));

        var next = turn1.ReleaseAndTakeNext([followUp, urgent]);

        Assert.Same(urgent, next);
        Assert.Same(first, next.Worker);
    }

    [Fact]
    public async Task PrefixAffinity_WhenAffinityWorkerFrees_ItsOwnersWaitingJobGetsIt()
    {
        var alices = _mesh.AddWorker(Alice, slots: 1, "m");
        var scheduler = _mesh.NewScheduler();
        var turn1 = await scheduler.AcquireAsync(_mesh.Job(Carol, prefixKey: 42), CancellationToken.None);
        Assert.Same(alices, turn1.Worker);
        var followUp = scheduler.Submit(_mesh.Job(Carol, priority: Priority.High, prefixKey: 42));
        var owners = scheduler.Submit(_mesh.Job(Alice, priority: Priority.Low));

        var next = turn1.ReleaseAndTakeNext([followUp, owners]);

        Assert.Same(owners, next);
    }

    [Fact]
    public async Task VisionJob_WaitsForAVisionWorker_WhileTextJobsUseTheOtherWorker()
    {
        var text = _mesh.AddWorker(Bob, slots: 1, "m");
        var vision = _mesh.AddAgent(Bob, Backend("b0", 1, healthy: true, vision: true, "m")).Single();
        var scheduler = _mesh.NewScheduler();
        var onVision = await scheduler.AcquireAsync(_mesh.Job(Carol), CancellationToken.None);
        Assert.Same(vision, onVision.Worker);

        var picture = scheduler.Submit(_mesh.Job(Carol, modalities: Modalities.Vision));
        var plain = await scheduler.AcquireAsync(_mesh.Job(Carol), CancellationToken.None);
        Assert.False(picture.IsDispatched);
        Assert.Same(text, plain.Worker);

        plain.Dispose();
        Assert.False(picture.IsDispatched);
        Assert.Equal(0, scheduler.InFlight(text));

        var next = onVision.ReleaseAndTakeNext([picture]);
        Assert.Same(vision, next.Worker);
    }

    [Fact]
    public async Task AudioJob_NeverRunsOnAWorkerWithoutAudio()
    {
        _mesh.AddWorker(Bob, slots: 4, "m");
        var scheduler = _mesh.NewScheduler();

        var speech = scheduler.Submit(_mesh.Job(Carol, modalities: Modalities.Audio));
        var listening = _mesh.AddAgent(Bob, new BackendCapabilities(
            "b0", Healthy: true, Slots: 1, [new ModelCapabilities("m", null)], Vision: false, Audio: true)).Single();

        Assert.Same(listening, speech.Worker);
        (await speech.LeaseAsync()).Dispose();
    }

    [Fact]
    public async Task MixedJobs_NoWorkerEverHoldsMoreJobsThanItHasSlots()
    {
        await _mesh.Users.SetAsync(new UserRecord("rita", ReceiveIsolated: true));
        await _mesh.Users.SetAsync(new UserRecord("sally", SendIsolated: true));
        var workers = new[]
        {
            _mesh.AddAgent(Alice, Backend("b0", 2, healthy: true, vision: true, "big", "m")).Single(),
            _mesh.AddWorker(Bob, slots: 3, "small", "m"),
            _mesh.AddWorker("rita", slots: 1, "m"),
            _mesh.AddWorker("sally", slots: 1, "small"),
        };
        var scheduler = _mesh.NewScheduler();
        var chat = Alias("chat", ["big"], ["small"]);
        var jobs = new List<Job>();
        for (var i = 0; i < 60; i++)
        {
            var priority = (Priority)(i % 3);
            jobs.Add((i % 6) switch
            {
                0 => _mesh.Job(Carol, chat, priority),
                1 => _mesh.Job("sally", "small", priority),
                2 => _mesh.Job("rita", "m", priority),
                3 => _mesh.Job(Alice, "big", priority, Modalities.Vision),
                4 => _mesh.Job(Bob, chat, priority, prefixKey: (ulong)(i % 4)),
                _ => _mesh.Job(Dave, "m", priority),
            });
        }

        var pending = jobs.Select(j => scheduler.Submit(j)).ToList();
        var running = new Queue<SubmittedJob>();
        while (pending.Count > 0 || running.Count > 0)
        {
            foreach (var dispatched in pending.Where(j => j.IsDispatched).ToList())
            {
                pending.Remove(dispatched);
                running.Enqueue(dispatched);
            }

            Assert.All(workers, w => Assert.InRange(scheduler.InFlight(w), 0, w.Slots));
            Assert.Equal(running.Count, workers.Sum(scheduler.InFlight));
            Assert.True(running.Count > 0, $"{pending.Count} jobs wait but none runs");
            (await running.Dequeue().LeaseAsync()).Dispose();
        }

        Assert.Equal(0, scheduler.QueueLength);
    }
}
