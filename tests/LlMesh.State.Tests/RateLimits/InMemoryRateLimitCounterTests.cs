using LlMesh.State.RateLimits;

namespace LlMesh.State.Tests.RateLimits;

public sealed class InMemoryRateLimitCounterTests : RateLimitCounterContract
{
    private InMemoryRateLimitCounter? _counter;

    /// <summary>One gateway, one set of counts: every call answers the same counter.</summary>
    protected override Task<IRateLimitCounter> NewCounterAsync() =>
        Task.FromResult<IRateLimitCounter>(_counter ??= new InMemoryRateLimitCounter(Clock));

    [Fact]
    public async Task ARequestLateToTheLock_WithTheMinuteBeforesTime_DoesNotResetTheNewMinute()
    {
        // Each call reads the clock before it takes the key's lock; one that read 11:59:59 may get the lock
        // after a call of 12:00:00 started the new window. Played here by turning the clock back a second.
        var counter = await NewCounterAsync();
        var limits = new RateLimitPolicy(RequestsPerMinute: 2, TokensPerMinute: null);
        Clock.Advance(TimeSpan.FromSeconds(45));
        Assert.True((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);
        Assert.True((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);

        Clock.Advance(TimeSpan.FromSeconds(-1));
        var late = await counter.TryAdmitAsync("key_a", limits);
        Assert.False(late.IsAdmitted);
        Assert.Equal(TimeSpan.FromSeconds(61), late.RetryAfter);

        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);
    }

    [Fact]
    public async Task AClockSetBackFurther_StartsTheCountsOver()
    {
        var counter = await NewCounterAsync();
        var limits = new RateLimitPolicy(RequestsPerMinute: 1, TokensPerMinute: null);
        Assert.True((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);
        Assert.False((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);

        Clock.Advance(TimeSpan.FromMinutes(-5));

        Assert.True((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);
    }

    [Fact]
    public async Task CountsOfKeysNotUsedForAWindow_AreDropped()
    {
        var counter = new InMemoryRateLimitCounter(Clock);
        var limits = new RateLimitPolicy(RequestsPerMinute: 10, TokensPerMinute: null);
        for (var i = 0; i < 100; i++)
        {
            await counter.TryAdmitAsync($"key_{i}", limits);
        }

        Clock.Advance(TimeSpan.FromMinutes(1));
        await counter.TryAdmitAsync("key_0", limits);
        Assert.Equal(100, counter.Keys);

        Clock.Advance(TimeSpan.FromMinutes(1));
        await counter.TryAdmitAsync("key_0", limits);
        Assert.Equal(1, counter.Keys);
    }
}
