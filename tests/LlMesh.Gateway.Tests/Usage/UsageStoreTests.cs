using LlMesh.Gateway.Tests.Scheduling;
using LlMesh.Gateway.Usage;
using LlMesh.State.Embedded;
using LlMesh.State.Redis;
using LlMesh.Testing;
using LlMesh.Testing.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Tests.Usage;

/// <summary>Both usage stores keep every record and return a time range, oldest first (the Redis one against a real redis-server).</summary>
public sealed class UsageStoreTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    // Recent, as real records are: the Redis store finds records by when they were added.
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddMinutes(-2);
    private readonly TempDirectory _data = new();

    public static TheoryData<string> Stores => new() { "file", "redis" };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ReadsTheRangeAskedFor_OldestFirst_AcrossPages(string kind)
    {
        var store = await CreateAsync(kind);
        var records = Enumerable.Range(0, 2500).Select(i => Record(Start.AddMilliseconds(i * 10), i)).ToList();
        foreach (var chunk in records.Chunk(700))
        {
            await store.AppendAsync(chunk, CancellationToken.None);
        }

        var read = new List<UsageRecord>();
        await foreach (var record in store.ReadAsync(Start.AddMilliseconds(1000), Start.AddMilliseconds(22000), CancellationToken.None))
        {
            read.Add(record);
        }

        Assert.Equal(2100, read.Count);
        Assert.Equal(records[100], read[0]);
        Assert.Equal(records[2199], read[^1]);
        Assert.True(read.Zip(read.Skip(1)).All(pair => pair.First.At <= pair.Second.At));
    }

    [Fact]
    public async Task FileStore_SkipsALineCutShort()
    {
        // A process killed mid-write (or a full disk) leaves half a line; the records around it still count.
        var store = await CreateAsync("file");
        await store.AppendAsync([Record(Start, 1)], CancellationToken.None);
        await File.AppendAllTextAsync(Path.Combine(_data.Path, "usage.jsonl"), "{\"At\":\"2026-12-03T10:00:00+00:00\",\"JobId\":\"jo\n");
        await store.AppendAsync([Record(Start.AddSeconds(1), 2)], CancellationToken.None);

        var read = new List<UsageRecord>();
        await foreach (var record in store.ReadAsync(Start.AddDays(-1), Start.AddDays(1), CancellationToken.None))
        {
            read.Add(record);
        }

        Assert.Equal(["job-1", "job-2"], read.Select(r => r.JobId));
    }

    [Fact]
    public async Task RedisStore_PurgeDeletesOnlyEntriesAddedBeforeTheTimeGiven()
    {
        var store = await CreateAsync("redis");
        await store.AppendAsync([Record(Start, 1), Record(Start.AddSeconds(1), 2), Record(Start.AddSeconds(2), 3)], CancellationToken.None);

        Assert.Equal(0, await store.PurgeAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None));
        Assert.Equal(3, await CountAsync(store));

        Assert.Equal(3, await store.PurgeAsync(DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None));
        Assert.Equal(0, await CountAsync(store));
    }

    public void Dispose() => _data.Dispose();

    private static async Task<int> CountAsync(IUsageStore store)
    {
        var count = 0;
        await foreach (var unused in store.ReadAsync(Start.AddDays(-1), Start.AddDays(1), CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    private async Task<IUsageStore> CreateAsync(string kind) => kind == "file"
        ? new FileUsageStore(Options.Create(new EmbeddedStateOptions { DataDirectory = _data.Path }), TimeProvider.System)
        : new RedisUsageStore(
            await RedisConnection.ConnectAsync(redis.Server.Endpoint),
            Options.Create(new RedisStateOptions { KeyPrefix = RedisFixture.UniquePrefix() }),
            new FixedOptionsMonitor<UsageOptions>(new UsageOptions()),
            NullLogger<RedisUsageStore>.Instance);

    private static UsageRecord Record(DateTimeOffset at, int i) =>
        new(at, $"job-{i}", "alice", "key-1", "qwen", "agent/b0", "ChatCompletions", 10 + i, 5, 0, 100, 50, 120, 40, 3);
}
