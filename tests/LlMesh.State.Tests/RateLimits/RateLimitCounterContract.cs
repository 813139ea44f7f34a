using LlMesh.State.RateLimits;
using LlMesh.Testing;

namespace LlMesh.State.Tests.RateLimits;

/// <summary>What every rate-limit counter must do, in memory or in Redis.</summary>
public abstract class RateLimitCounterContract
{
    /// <summary>15 s into a minute: 45 s left in the window.</summary>
    protected static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 15, TimeSpan.Zero);

    protected ManualClock Clock { get; } = new(Start);

    /// <summary>A counter on the test's own counts; called again, another replica's view of the same counts.</summary>
    protected abstract Task<IRateLimitCounter> NewCounterAsync();

    [Fact]
    public async Task Requests_AdmitsTheLimit_ThenRefusesUntilTheWindowEnds()
    {
        var counter = await NewCounterAsync();
        var limits = new RateLimitPolicy(RequestsPerMinute: 3, TokensPerMinute: null);

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);
        }

        var refused = await counter.TryAdmitAsync("key_a", limits);
        Assert.Equal(RateLimitExceeded.Requests, refused.Exceeded);
        Assert.Equal(3, refused.Used);
        Assert.Equal(TimeSpan.FromSeconds(45), refused.RetryAfter);
    }

    [Fact]
    public async Task RefusedRequests_AreNotCounted()
    {
        var counter = await NewCounterAsync();
        var limits = new RateLimitPolicy(RequestsPerMinute: 2, TokensPerMinute: null);
        await counter.TryAdmitAsync("key_a", limits);
        await counter.TryAdmitAsync("key_a", limits);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(2, (await counter.TryAdmitAsync("key_a", limits)).Used);
        }
    }

    [Fact]
    public async Task Tokens_ChargedAfterTheAnswer_RefuseOnceTheWindowReachesTheLimit()
    {
        var counter = await NewCounterAsync();
        var limits = new RateLimitPolicy(RequestsPerMinute: null, TokensPerMinute: 100);

        Assert.True((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);
        await counter.ChargeTokensAsync("key_a", 60);
        Assert.True((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);
        await counter.ChargeTokensAsync("key_a", 60);

        // The second answer took the window past the limit: charged in full, and the next request waits.
        var refused = await counter.TryAdmitAsync("key_a", limits);
        Assert.Equal(RateLimitExceeded.Tokens, refused.Exceeded);
        Assert.Equal(120, refused.Used);
        Assert.Equal(TimeSpan.FromSeconds(45), refused.RetryAfter);
    }

    [Fact]
    public async Task Tokens_ExactlyAtTheLimit_Refuse()
    {
        var counter = await NewCounterAsync();
        var limits = new RateLimitPolicy(RequestsPerMinute: 10, TokensPerMinute: 50);
        await counter.ChargeTokensAsync("key_a", 49);
        Assert.True((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);

        await counter.ChargeTokensAsync("key_a", 1);

        Assert.Equal(RateLimitExceeded.Tokens, (await counter.TryAdmitAsync("key_a", limits)).Exceeded);
    }

    [Fact]
    public async Task NextWindow_StartsFromNothing()
    {
        var counter = await NewCounterAsync();
        var limits = new RateLimitPolicy(RequestsPerMinute: 1, TokensPerMinute: 10);
        Assert.True((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);
        await counter.ChargeTokensAsync("key_a", 500);
        Assert.False((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);

        Clock.Advance(TimeSpan.FromSeconds(44.9));
        var lastMoment = await counter.TryAdmitAsync("key_a", limits);
        Assert.False(lastMoment.IsAdmitted);
        Assert.Equal(TimeSpan.FromMilliseconds(100), lastMoment.RetryAfter);

        Clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);
        Assert.Equal(RateLimitExceeded.Requests, (await counter.TryAdmitAsync("key_a", limits)).Exceeded);
    }

    [Fact]
    public async Task Keys_AreCountedApart()
    {
        var counter = await NewCounterAsync();
        var limits = new RateLimitPolicy(RequestsPerMinute: 1, TokensPerMinute: 10);
        Assert.True((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);
        await counter.ChargeTokensAsync("key_a", 10);

        Assert.True((await counter.TryAdmitAsync("key_b", limits)).IsAdmitted);
    }

    [Fact]
    public async Task WithoutARequestLimit_RequestsAreNotRefused()
    {
        var counter = await NewCounterAsync();
        var limits = new RateLimitPolicy(RequestsPerMinute: null, TokensPerMinute: 1_000);

        for (var i = 0; i < 200; i++)
        {
            Assert.True((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);
        }
    }

    [Fact]
    public async Task ConcurrentRequests_AdmitExactlyTheLimit()
    {
        var counter = await NewCounterAsync();
        var limits = new RateLimitPolicy(RequestsPerMinute: 20, TokensPerMinute: null);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => Task.Run(async () => await counter.TryAdmitAsync("key_a", limits))));

        Assert.Equal(20, decisions.Count(d => d.IsAdmitted));
        Assert.All(decisions.Where(d => !d.IsAdmitted), d => Assert.Equal(RateLimitExceeded.Requests, d.Exceeded));
    }
}
