using System.Globalization;
using LlMesh.State.RateLimits;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LlMesh.State.Redis.RateLimits;

/// <summary>
/// The counts shared by every replica: two counters per key and window,
/// <c>{prefix}:ratelimit:{keyId}:{window}:requests</c> and <c>…:tokens</c>, changed by Lua scripts so
/// that the check and the count are one atomic step however many replicas ask at once. The window
/// number comes from the replica's clock; each counter expires one window after its own ends.
/// </summary>
public sealed class RedisRateLimitCounter : IRateLimitCounter
{
    // KEYS: requests, tokens. ARGV: request limit, token limit (-1: none), expiry in ms.
    // Returns { refusing limit (0 none, 1 requests, 2 tokens), what the window holds of it }.
    private const string AdmitScript = """
        local tokenLimit = tonumber(ARGV[2])
        if tokenLimit >= 0 then
          local tokens = tonumber(redis.call('GET', KEYS[2]) or '0')
          if tokens >= tokenLimit then return { 2, tokens } end
        end
        local requestLimit = tonumber(ARGV[1])
        if requestLimit >= 0 then
          local requests = tonumber(redis.call('GET', KEYS[1]) or '0')
          if requests >= requestLimit then return { 1, requests } end
          requests = redis.call('INCR', KEYS[1])
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
          return { 0, requests }
        end
        return { 0, 0 }
        """;

    // KEYS: tokens. ARGV: tokens to add, expiry in ms.
    private const string ChargeScript = """
        local tokens = redis.call('INCRBY', KEYS[1], ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return tokens
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly TimeProvider _timeProvider;

    public RedisRateLimitCounter(IConnectionMultiplexer redis, IOptions<RedisStateOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _redis = redis;
        _keys = new RedisKeys(options.Value.KeyPrefix);
        _timeProvider = timeProvider;
    }

    /// <summary>The key of one counter (<c>requests</c> or <c>tokens</c>) of a key's window.</summary>
    public RedisKey CounterKey(string keyId, long window, string counter) =>
        _keys.Key("ratelimit:" + keyId + ":" + window.ToString(CultureInfo.InvariantCulture) + ":" + counter);

    public async ValueTask<RateLimitDecision> TryAdmitAsync(string keyId, RateLimitPolicy limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var window = RateLimitWindow.At(_timeProvider.GetUtcNow());
        var result = await RunAsync(
            AdmitScript,
            [CounterKey(keyId, window.Index, "requests"), CounterKey(keyId, window.Index, "tokens")],
            [limits.RequestsPerMinute ?? -1, limits.TokensPerMinute ?? -1, ExpiryMilliseconds(window)]);
        var verdict = (RedisResult[])result!;
        var used = (long)verdict[1];
        return (long)verdict[0] switch
        {
            1 => new RateLimitDecision(RateLimitExceeded.Requests, used, window.Remaining),
            2 => new RateLimitDecision(RateLimitExceeded.Tokens, used, window.Remaining),
            _ => RateLimitDecision.Admitted,
        };
    }

    public async ValueTask ChargeTokensAsync(string keyId, long tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        var window = RateLimitWindow.At(_timeProvider.GetUtcNow());
        await RunAsync(ChargeScript, [CounterKey(keyId, window.Index, "tokens")], [tokens, ExpiryMilliseconds(window)]);
    }

    /// <summary>Past the window's end by one more window, so a replica whose clock lags a little still finds it.</summary>
    private static long ExpiryMilliseconds(RateLimitWindow window) =>
        (long)(window.Remaining + RateLimitWindow.Length).TotalMilliseconds;

    private async Task<RedisResult> RunAsync(string script, RedisKey[] keys, RedisValue[] values)
    {
        // A disconnected multiplexer would queue the command until its timeout; the caller gets its 503 now instead.
        if (!_redis.IsConnected)
        {
            throw new RateLimitUnavailableException("Redis cannot be reached for the rate-limit counts.");
        }

        try
        {
            return await _redis.GetDatabase().ScriptEvaluateAsync(script, keys, values);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new RateLimitUnavailableException("Redis cannot be reached for the rate-limit counts.", ex);
        }
    }
}
