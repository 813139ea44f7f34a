using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LlMesh.State.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LlMesh.Gateway.Usage;

/// <summary>
/// Usage in a Redis stream shared by every replica (<c>{prefix}:usage</c>), trimmed to about
/// <see cref="UsageOptions.MaxRedisEntries"/> records and, by <see cref="PurgeAsync"/>, to the retention time. Stream ids are Redis's millisecond clock when a record was added, seconds after
/// the request ended, so a time range is read as an id range widened by <see cref="ClockMargin"/>
/// (writer delay, replicas' clock skew) and then filtered on the records' own times.
/// </summary>
internal sealed partial class RedisUsageStore(
    IConnectionMultiplexer redis,
    IOptions<RedisStateOptions> options,
    IOptionsMonitor<UsageOptions> usageOptions,
    ILogger<RedisUsageStore> logger) : IUsageStore
{
    private const int PageSize = 1000;
    private static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(10);
    private readonly RedisKey _key = new RedisKeys(options.Value.KeyPrefix).Key("usage");

    public async Task AppendAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var database = redis.GetDatabase();
        var cap = usageOptions.CurrentValue.MaxRedisEntries;
        foreach (var record in records)
        {
            var json = JsonSerializer.Serialize(record, UsageJsonContext.Default.UsageRecord);

            // Approximate: Redis drops only whole internal nodes, which costs next to nothing per add.
            await database.StreamAddAsync(_key, "record", json, maxLength: cap > 0 ? cap : null, useApproximateMaxLength: true);
        }
    }

    /// <summary>
    /// Entries added before <paramref name="before"/> go (<c>XTRIM MINID</c>; hourly, so a few thousand entries at a
    /// time). Warns when the cap, not the retention time, has been deciding what is kept.
    /// </summary>
    public async Task<long> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        RedisValue minId = Math.Max(0, before.ToUnixTimeMilliseconds()).ToString(CultureInfo.InvariantCulture);
        var purged = await database.StreamTrimByMinIdAsync(_key, minId, useApproximateMaxLength: false);

        await WarnIfCappedAsync(database, before);
        return purged;
    }

    /// <summary>
    /// A stream at its cap whose oldest entry is more than a day younger than the retention boundary has been
    /// losing usage the retention would keep. The check's own failure only costs the warning, not the purge.
    /// </summary>
    private async Task WarnIfCappedAsync(IDatabase database, DateTimeOffset before)
    {
        var cap = usageOptions.CurrentValue.MaxRedisEntries;
        try
        {
            if (cap > 0 && await database.StreamLengthAsync(_key) >= cap
                && (await database.StreamRangeAsync(_key, "-", "+", count: 1)) is [var oldest]
                && AddedAt(oldest.Id) is { } oldestAt && oldestAt > before.AddDays(1))
            {
                Log.CapReached(logger, cap, oldestAt, usageOptions.CurrentValue.Retention.TotalDays);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.CapCheckFailed(logger, ex);
        }
    }

    /// <summary>When an entry was added, from its id (<c>{milliseconds}-{sequence}</c>).</summary>
    private static DateTimeOffset? AddedAt(RedisValue id) =>
        ((string?)id)?.Split('-')[0] is { } ms && long.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;

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

    private static partial class Log
    {
        [LoggerMessage(EventId = 1507, Level = LogLevel.Warning, Message = "The Redis usage stream is at its cap of {MaxEntries} records (LlMesh:Usage:MaxRedisEntries): its oldest record is from {Oldest:u}, so usage newer than the retention of {Days} days has been dropped. Raise the cap (about 300 bytes of Redis memory per record) or shorten LlMesh:Usage:Retention.")]
        public static partial void CapReached(ILogger logger, long maxEntries, DateTimeOffset oldest, double days);

        [LoggerMessage(EventId = 1508, Level = LogLevel.Debug, Message = "Could not check the Redis usage stream against its cap; trying again in an hour.")]
        public static partial void CapCheckFailed(ILogger logger, Exception exception);
    }
}
