using System.Text.Json;
using LlMesh.State.Audit;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LlMesh.State.Redis;

/// <summary>The audit log as a Redis stream shared by every replica, trimmed to about the last 10,000 actions.</summary>
public sealed class RedisAuditLog(IConnectionMultiplexer redis, IOptions<RedisStateOptions> options) : IAuditLog
{
    private const int MaxEntries = 10_000;
    private readonly RedisKey _key = new RedisKeys(options.Value.KeyPrefix).Key("audit");

    public async ValueTask AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(entry, AuditJsonContext.Default.AuditEntry);
        await redis.GetDatabase().StreamAddAsync(_key, "entry", json, maxLength: MaxEntries, useApproximateMaxLength: true);
    }

    public async ValueTask<IReadOnlyList<AuditEntry>> ReadAsync(int count, CancellationToken cancellationToken = default)
    {
        var messages = await redis.GetDatabase().StreamRangeAsync(_key, count: count, messageOrder: Order.Descending);
        return messages
            .Select(m => JsonSerializer.Deserialize((string)m["entry"]!, AuditJsonContext.Default.AuditEntry))
            .OfType<AuditEntry>()
            .ToList();
    }
}
