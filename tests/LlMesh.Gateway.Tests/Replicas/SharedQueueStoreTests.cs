using LlMesh.Gateway.Replicas;
using LlMesh.Gateway.Scheduling;
using LlMesh.State;
using LlMesh.State.Redis;
using LlMesh.Testing.Redis;
using StackExchange.Redis;

namespace LlMesh.Gateway.Tests.Replicas;

/// <summary>The shared queue's Redis side against a real redis-server: places in line, one winner per job, claims.</summary>
public sealed class SharedQueueStoreTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly RedisKeys _keys = new(RedisFixture.UniquePrefix());
    private ConnectionMultiplexer _a = null!;
    private ConnectionMultiplexer _b = null!;

    public async Task InitializeAsync()
    {
        // One connection per replica, as in production.
        _a = await ConnectionMultiplexer.ConnectAsync(redis.Server.Endpoint);
        _b = await ConnectionMultiplexer.ConnectAsync(redis.Server.Endpoint);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task Add_GivesPlacesInLineFromOneSequence_AndARequeuedJobKeepsItsPlace()
    {
        var a = new SharedQueueStore(_a, _keys);
        var b = new SharedQueueStore(_b, _keys);

        var first = await a.AddAsync(Entry("a", "j1"));
        var second = await b.AddAsync(Entry("b", "j2"));
        var third = await a.AddAsync(Entry("a", "j3"));
        var again = await a.AddAsync(Entry("a", "j1") with { Sequence = first });

        Assert.True(first < second && second < third);
        Assert.Equal(first, again);
        var listed = await b.ListAsync();
        Assert.Equal(["a/j1", "a/j3", "b/j2"], listed.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Equal(first, listed.Single(e => e.JobId == "j1").Sequence);
        Assert.Equal(Priority.High, listed.Single(e => e.JobId == "j2").Priority);
    }

    [Fact]
    public async Task TakeAndClaim_ExactlyOneWins_AndTheLoserLearnsWhoDid()
    {
        var a = new SharedQueueStore(_a, _keys);
        var b = new SharedQueueStore(_b, _keys);
        var notices = new List<string>();
        await _a.GetSubscriber().SubscribeAsync(a.ClaimedChannel("a"), (_, message) => { lock (notices) { notices.Add(message!); } });

        await a.AddAsync(Entry("a", "claimed"));
        await a.AddAsync(Entry("a", "taken"));

        Assert.True(await b.ClaimAsync("a/claimed", "a", new SlotClaim("b", "c1")));
        Assert.False(await a.TakeAsync("a/claimed"));
        Assert.Equal(new SlotClaim("b", "c1"), await a.TakeClaimAsync("a/claimed"));
        Assert.Null(await a.TakeClaimAsync("a/claimed"));

        Assert.True(await a.TakeAsync("a/taken"));
        Assert.False(await b.ClaimAsync("a/taken", "a", new SlotClaim("b", "c2")));
        Assert.Empty(await a.ListAsync());

        await Testing.Eventually.TrueAsync(() => Task.FromResult(notices.Count > 0), TimeSpan.FromSeconds(5), "the origin is told");
        Assert.Equal("a/claimed|b|c1", Assert.Single(notices));
    }

    [Fact]
    public async Task ManyClaimersAtOnce_OneWinnerPerJob()
    {
        var origin = new SharedQueueStore(_a, _keys);
        const int Jobs = 50;
        for (var i = 0; i < Jobs; i++)
        {
            await origin.AddAsync(Entry("a", "j" + i));
        }

        var claimers = new[] { new SharedQueueStore(_a, _keys), new SharedQueueStore(_b, _keys) };
        var attempts = Enumerable.Range(0, Jobs).SelectMany(i => new[]
        {
            origin.TakeAsync("a/j" + i),
            claimers[0].ClaimAsync("a/j" + i, "a", new SlotClaim("b", "x" + i)),
            claimers[1].ClaimAsync("a/j" + i, "a", new SlotClaim("c", "y" + i)),
        });
        var results = await Task.WhenAll(attempts);

        Assert.Equal(Jobs, results.Count(won => won));
        Assert.All(results.Chunk(3), trio => Assert.Equal(1, trio.Count(won => won)));
    }

    [Fact]
    public async Task Remove_And_Forget_ClearWhatNoLongerWaits()
    {
        var a = new SharedQueueStore(_a, _keys);
        var b = new SharedQueueStore(_b, _keys);
        await a.AddAsync(Entry("a", "left"));
        await a.AddAsync(Entry("a", "stale"));
        await b.AddAsync(Entry("b", "other"));
        await b.ClaimAsync("a/stale", "a", new SlotClaim("b", "c"));

        await a.RemoveAsync("a/left");
        Assert.Equal([("a/stale", new SlotClaim("b", "c"))], await a.ClaimsAsync());
        await a.ForgetAsync("a");

        Assert.Equal(["b/other"], (await a.ListAsync()).Select(e => e.Field));
        Assert.Empty(await a.ClaimsAsync());
    }

    [Fact]
    public async Task DropClaim_ForgetsAClaimNobodyWillFollow()
    {
        var a = new SharedQueueStore(_a, _keys);
        await a.AddAsync(Entry("a", "job"));
        await a.ClaimAsync("a/job", "a", new SlotClaim("b", "c"));

        Assert.True(await a.DropClaimAsync("a/job"));
        Assert.False(await a.DropClaimAsync("a/job"));
        Assert.Empty(await a.ClaimsAsync());
        Assert.Equal("replica-1", SharedQueueStore.OriginOf("replica-1/job/with/slashes"));
    }

    private static WaitingEntry Entry(string origin, string jobId) =>
        new(origin, jobId, "alice", origin == "b" ? Priority.High : Priority.Normal, "qwen", Modalities.None, 0, DateTimeOffset.UnixEpoch);
}
