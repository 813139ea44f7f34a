using System.Diagnostics;
using LlMesh.State.RateLimits;
using LlMesh.State.Redis;
using LlMesh.State.Redis.RateLimits;
using LlMesh.Testing.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LlMesh.State.Tests.RateLimits;

/// <summary>The contract on a real redis-server, and what only the shared counts must do: replicas agree, Redis down is an error.</summary>
public sealed class RedisRateLimitCounterTests(RedisFixture redis) : RateLimitCounterContract, IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly string _prefix = RedisFixture.UniquePrefix();
    private readonly List<IConnectionMultiplexer> _connections = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Each counter has its own connection, as each replica has.</summary>
    protected override async Task<IRateLimitCounter> NewCounterAsync() => await OpenAsync(redis.Server);

    [Fact]
    public async Task TwoReplicas_ShareOneCount()
    {
        var a = await NewCounterAsync();
        var b = await NewCounterAsync();
        var limits = new RateLimitPolicy(RequestsPerMinute: 5, TokensPerMinute: null);

        var admitted = 0;
        for (var i = 0; i < 12; i++)
        {
            admitted += (await (i % 2 == 0 ? a : b).TryAdmitAsync("key_a", limits)).IsAdmitted ? 1 : 0;
        }

        Assert.Equal(5, admitted);
    }

    [Fact]
    public async Task TwoReplicas_AtOnce_AdmitExactlyTheLimit()
    {
        var replicas = new[] { await NewCounterAsync(), await NewCounterAsync() };
        var limits = new RateLimitPolicy(RequestsPerMinute: 25, TokensPerMinute: null);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 80)
            .Select(i => Task.Run(async () => await replicas[i % 2].TryAdmitAsync("key_a", limits))));

        Assert.Equal(25, decisions.Count(d => d.IsAdmitted));
    }

    [Fact]
    public async Task TokensChargedOnOneReplica_RefuseOnTheOther()
    {
        var a = await NewCounterAsync();
        var b = await NewCounterAsync();
        var limits = new RateLimitPolicy(RequestsPerMinute: null, TokensPerMinute: 100);

        await a.ChargeTokensAsync("key_a", 150);

        var refused = await b.TryAdmitAsync("key_a", limits);
        Assert.Equal(RateLimitExceeded.Tokens, refused.Exceeded);
        Assert.Equal(150, refused.Used);
    }

    [Fact]
    public async Task Counters_CarryThePrefixHashTag_AndExpireAfterTheirWindow()
    {
        var counter = (RedisRateLimitCounter)await NewCounterAsync();
        await counter.TryAdmitAsync("key_a", new RateLimitPolicy(3, null));
        await counter.ChargeTokensAsync("key_a", 7);

        var database = _connections[0].GetDatabase();
        var window = RateLimitWindow.At(Start).Index;
        foreach (var name in new[] { "requests", "tokens" })
        {
            var key = counter.CounterKey("key_a", window, name);
            Assert.StartsWith("{" + _prefix + "}:ratelimit:key_a:", key.ToString(), StringComparison.Ordinal);
            var expiry = await database.KeyTimeToLiveAsync(key);
            Assert.NotNull(expiry);

            // 45 s left in the window, plus one window for clocks that lag.
            Assert.InRange(expiry.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(105));
        }

        Assert.Equal(7, (long)await database.StringGetAsync(counter.CounterKey("key_a", window, "tokens")));
    }

    [Fact]
    public async Task RedisDown_IsAnError_NotAnAdmission()
    {
        // A server of its own: this test kills it.
        await using var server = await RedisServer.StartAsync();
        Assert.True(server.CanRestart);
        var counter = await OpenAsync(server);
        var limits = new RateLimitPolicy(RequestsPerMinute: 100, TokensPerMinute: 1000);
        Assert.True((await counter.TryAdmitAsync("key_a", limits)).IsAdmitted);

        await server.KillAsync();
        var elapsed = Stopwatch.StartNew();
        await Assert.ThrowsAsync<RateLimitUnavailableException>(async () => await counter.TryAdmitAsync("key_a", limits));
        await Assert.ThrowsAsync<RateLimitUnavailableException>(async () => await counter.ChargeTokensAsync("key_a", 10));
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(6), $"refused after {elapsed.Elapsed}, not left hanging");

        await server.RestartAsync();
        await LlMesh.Testing.Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    return (await counter.TryAdmitAsync("key_a", limits)).IsAdmitted;
                }
                catch (RateLimitUnavailableException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(15),
            "the counter works again once Redis is back");
    }

    private async Task<RedisRateLimitCounter> OpenAsync(RedisServer server)
    {
        var connection = await RedisConnection.ConnectAsync(server.Endpoint);
        _connections.Add(connection);
        return new RedisRateLimitCounter(connection, Options.Create(new RedisStateOptions { KeyPrefix = _prefix }), Clock);
    }
}
