using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LlMesh.State.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LlMesh.Gateway.Usage;

/// <summary>
/// Usage in a Redis stream shared by every replica (<c>{prefix}:usage</c>), trimmed to about the last
/// million requests and, by <see cref="PurgeAsync"/>, to the retention time. Stream ids are Redis's millisecond clock when a record was added, seconds after
/// the request ended, so a time range is read as an id range widened by <see cref="ClockMargin"/>
/// (writer delay, replicas' clock skew) and then filtered on the records' own times.
/// </summary>
internal sealed class RedisUsageStore(IConnectionMultiplexer redis, IOptions<RedisStateOptions> options) : IUsageStore
{
    private const int MaxEntries = 1_000_000;
    private const int PageSize = 1000;
    private static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(10);
    private readonly RedisKey _key = new RedisKeys(options.Value.KeyPrefix).Key("usage");

    public async Task AppendAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var database = redis.GetDatabase();
        foreach (var record in records)
        {
            var json = JsonSerializer.Serialize(record, UsageJsonContext.Default.UsageRecord);
            await database.StreamAddAsync(_key, "record", json, maxLength: MaxEntries, useApproximateMaxLength: true);
        }
    }

    /// <summary>Entries added before <paramref name="before"/> go (<c>XTRIM MINID</c>; hourly, so a few thousand entries at a time).</summary>
    public async Task<long> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        RedisValue minId = Math.Max(0, before.ToUnixTimeMilliseconds()).ToString(CultureInfo.InvariantCulture);
        return await redis.GetDatabase().StreamTrimByMinIdAsync(_key, minId, useApproximateMaxLength: false);
    }

    public async IAsyncEnumerable<UsageRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        RedisValue next = Math.Max(0, (from - ClockMargin).ToUnixTimeMilliseconds()).ToString(CultureInfo.InvariantCulture);
        RedisValue last = (to + ClockMargin).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = await database.StreamRangeAsync(_key, next, last, count: PageSize);
            foreach (var entry in page)
            {
                if (JsonSerializer.Deserialize((string)entry["record"]!, UsageJsonContext.Default.UsageRecord) is { } record
                    && record.At >= from && record.At < to)
                {
                    yield return record;
                }
            }

            if (page.Length < PageSize)
            {
                yield break;
            }

            // Exclusive start after the last id read.
            next = "(" + page[^1].Id;
        }
    }
}
