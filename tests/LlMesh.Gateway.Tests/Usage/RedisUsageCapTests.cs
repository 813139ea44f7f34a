using LlMesh.Gateway.Tests.Scheduling;
using LlMesh.Gateway.Usage;
using LlMesh.State.Redis;
using LlMesh.Testing;
using LlMesh.Testing.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LlMesh.Gateway.Tests.Usage;

/// <summary><c>LlMesh:Usage:MaxRedisEntries</c> against a real redis-server: the cap holds, 0 lifts it, and a cap that cuts into the retention time is reported.</summary>
public sealed class RedisUsageCapTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const int Records = 450;

    [Fact]
    public async Task Cap_KeepsAboutThatManyRecords_AndWarnsThatUsageWithinTheRetentionWasDropped()
    {
        var (store, connection, key, log) = await CreateAsync(maxEntries: 100);
        await AppendAsync(store);

        // Trimmed a whole internal node at a time (at most 100 entries), so between the cap and a node more.
        Assert.InRange(await connection.GetDatabase().StreamLengthAsync(key), 100, 200);

        await store.PurgeAsync(DateTimeOffset.UtcNow.AddDays(-400), CancellationToken.None);
        var warning = Assert.Single(log.Lines);
        Assert.Contains("at its cap of 100 records (LlMesh:Usage:MaxRedisEntries)", warning, StringComparison.Ordinal);
        Assert.Contains("retention of 400 days", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCap_KeepsEveryRecord_AndDoesNotWarn()
    {
        var (store, connection, key, log) = await CreateAsync(maxEntries: 0);
        await AppendAsync(store);

        Assert.Equal(Records, await connection.GetDatabase().StreamLengthAsync(key));
        await store.PurgeAsync(DateTimeOffset.UtcNow.AddDays(-400), CancellationToken.None);
        Assert.Empty(log.Lines);
    }

    [Fact]
    public async Task CapNotReached_DoesNotWarn()
    {
        var (store, _, _, log) = await CreateAsync(maxEntries: 1000);
        await AppendAsync(store);

        await store.PurgeAsync(DateTimeOffset.UtcNow.AddDays(-400), CancellationToken.None);
        Assert.Empty(log.Lines);
    }

    private static async Task AppendAsync(RedisUsageStore store)
    {
        var at = DateTimeOffset.UtcNow;
        var records = Enumerable.Range(0, Records)
            .Select(i => new UsageRecord(at, $"job-{i}", "alice", "key-1", "qwen", "agent/b0", "ChatCompletions", 10, 5, 0, 100, 50, 120, 40, 3))
            .ToList();
        foreach (var chunk in records.Chunk(50))
        {
            await store.AppendAsync(chunk, CancellationToken.None);
        }
    }

    private async Task<(RedisUsageStore Store, IConnectionMultiplexer Connection, RedisKey Key, LinesLogger<RedisUsageStore> Log)> CreateAsync(long maxEntries)
    {
        var connection = await RedisConnection.ConnectAsync(redis.Server.Endpoint);
        var prefix = RedisFixture.UniquePrefix();
        var log = new LinesLogger<RedisUsageStore>();
        var store = new RedisUsageStore(
            connection,
            Options.Create(new RedisStateOptions { KeyPrefix = prefix }),
            new FixedOptionsMonitor<UsageOptions>(new UsageOptions { MaxRedisEntries = maxEntries }),
            log);
        return (store, connection, new RedisKeys(prefix).Key("usage"), log);
    }
}
