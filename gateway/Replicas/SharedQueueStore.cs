using System.Text.Json;
using LlMesh.State.Redis;
using StackExchange.Redis;

namespace LlMesh.Gateway.Replicas;

/// <summary>
/// The shared queue's Redis side: a hash of the jobs waiting anywhere in the mesh (field
/// <c>origin/jobId</c>), their places in line from one Redis sequence, and claims. Taking a job's
/// slot — by its origin, or by another replica through a claim — removes its field, and
/// <c>HDEL</c> says 1 to exactly one of them.
/// </summary>
internal sealed class SharedQueueStore(IConnectionMultiplexer redis, RedisKeys keys)
{
    // Adds (or re-adds, keeping its place) a waiting job: its sequence, then the entry; tells every replica.
    private const string AddScript = """
        local sequence = tonumber(ARGV[2])
        if sequence == 0 then sequence = redis.call('INCR', KEYS[1]) end
        redis.call('HSET', KEYS[2], ARGV[1], sequence .. '|' .. ARGV[3])
        redis.call('PUBLISH', ARGV[4], ARGV[1])
        return sequence
        """;

    // Claims a waiting job's slot for a replica: wins only while the job still waits.
    private const string ClaimScript = """
        if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then
          redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
          redis.call('PUBLISH', ARGV[3], ARGV[1] .. '|' .. ARGV[2])
          redis.call('PUBLISH', ARGV[4], ARGV[1])
          return 1
        end
        return 0
        """;

    private readonly RedisKey _sequence = keys.Key("queue:sequence");
    private readonly RedisKey _waiting = keys.Key("queue:waiting");
    private readonly RedisKey _claims = keys.Key("queue:claims");

    /// <summary>Published with a field whenever a job starts or stops waiting.</summary>
    public RedisChannel Changed { get; } = keys.Channel("queue:changed");

    /// <summary>Published to a replica when one of its waiting jobs was claimed (<c>field|replica|claimId</c>).</summary>
    public RedisChannel ClaimedChannel(string origin) => keys.Channel("queue:claimed:" + origin);

    /// <summary>Lists the job as waiting; returns its place in line (the given one when it already has one).</summary>
    public async Task<long> AddAsync(WaitingEntry entry)
    {
        var json = JsonSerializer.Serialize(entry, ReplicaJsonContext.Default.WaitingEntry);
        var result = await redis.GetDatabase().ScriptEvaluateAsync(
            AddScript, [_sequence, _waiting], [entry.Field, entry.Sequence, json, Changed.ToString()]);
        return (long)result;
    }

    /// <summary>The origin takes its own job's slot: true unless another replica claimed it first.</summary>
    public async Task<bool> TakeAsync(string field)
    {
        var database = redis.GetDatabase();
        if (!await database.HashDeleteAsync(_waiting, field))
        {
            return false;
        }

        await database.PublishAsync(Changed, field);
        return true;
    }

    /// <summary>Another replica takes a waiting job's slot; false when the job no longer waits.</summary>
    public async Task<bool> ClaimAsync(string field, string origin, SlotClaim claim)
    {
        var result = await redis.GetDatabase().ScriptEvaluateAsync(
            ClaimScript, [_waiting, _claims], [field, claim.Replica + "|" + claim.ClaimId, ClaimedChannel(origin).ToString(), Changed.ToString()]);
        return (long)result == 1;
    }

    /// <summary>Who claimed a job (and forgets the claim); null when nobody did.</summary>
    public async Task<SlotClaim?> TakeClaimAsync(string field)
    {
        var database = redis.GetDatabase();
        var value = await database.HashGetAsync(_claims, field);
        if (value.IsNull)
        {
            return null;
        }

        await database.HashDeleteAsync(_claims, field);
        return ParseClaim(value!);
    }

    /// <summary>The job stopped waiting (its caller left, it timed out): no one may claim it any more.</summary>
    public async Task RemoveAsync(string field)
    {
        var database = redis.GetDatabase();
        if (await database.HashDeleteAsync(_waiting, field))
        {
            await database.PublishAsync(Changed, field);
        }
    }

    /// <summary>Every waiting job in the mesh.</summary>
    public async Task<IReadOnlyList<WaitingEntry>> ListAsync()
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(_waiting);
        var list = new List<WaitingEntry>(entries.Length);
        foreach (var entry in entries)
        {
            var value = (string)entry.Value!;
            var bar = value.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && long.TryParse(value.AsSpan(0, bar), out var sequence)
                && JsonSerializer.Deserialize(value.AsSpan(bar + 1), ReplicaJsonContext.Default.WaitingEntry) is { } parsed)
            {
                list.Add(parsed with { Sequence = sequence });
            }
        }

        return list;
    }

    /// <summary>Claims not yet followed by their jobs' origins (<c>origin/jobId</c> fields): the backstop for a lost notification.</summary>
    public async Task<IReadOnlyList<(string Field, SlotClaim Claim)>> ClaimsAsync()
    {
        var claims = await redis.GetDatabase().HashGetAllAsync(_claims);
        return [.. claims.Select(c => ((string)c.Name!, ParseClaim(c.Value!)))];
    }

    /// <summary>Forgets a claim nobody will follow (its origin died); true when it was there.</summary>
    public Task<bool> DropClaimAsync(string field) => redis.GetDatabase().HashDeleteAsync(_claims, field);

    /// <summary>The replica a field (<c>origin/jobId</c>) belongs to; replica ids hold no '/'.</summary>
    public static string OriginOf(string field)
    {
        var slash = field.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? field : field[..slash];
    }

    /// <summary>Drops what a replica left behind (its earlier life, before a restart with the same id).</summary>
    public async Task ForgetAsync(string origin)
    {
        var database = redis.GetDatabase();
        var prefix = origin + "/";
        foreach (var key in new[] { _waiting, _claims })
        {
            var fields = (await database.HashKeysAsync(key)).Where(f => ((string)f!).StartsWith(prefix, StringComparison.Ordinal)).ToArray();
            if (fields.Length > 0)
            {
                await database.HashDeleteAsync(key, fields);
            }
        }
    }

    public static SlotClaim ParseClaim(string value)
    {
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        return new SlotClaim(value[..bar], value[(bar + 1)..]);
    }
}
