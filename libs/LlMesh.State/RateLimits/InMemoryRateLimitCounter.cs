using System.Collections.Concurrent;

namespace LlMesh.State.RateLimits;

/// <summary>
/// The counts of one gateway (the embedded default): per key, the current window's requests and
/// tokens. One small entry per key that has a limit, replaced when its window ends.
/// </summary>
public sealed class InMemoryRateLimitCounter(TimeProvider timeProvider) : IRateLimitCounter
{
    private readonly ConcurrentDictionary<string, Counts> _counts = new(StringComparer.Ordinal);

    public ValueTask<RateLimitDecision> TryAdmitAsync(string keyId, RateLimitPolicy limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var window = RateLimitWindow.At(timeProvider.GetUtcNow());
        var counts = _counts.GetOrAdd(keyId, _ => new Counts());
        lock (counts)
        {
            counts.MoveTo(window.Index);

            // Until the end of the window counted in (one later than the clock read, for a late caller).
            var retryAfter = window.Remaining + ((counts.Window - window.Index) * RateLimitWindow.Length);
            if (limits.TokensPerMinute is { } tokenLimit && counts.Tokens >= tokenLimit)
            {
                return ValueTask.FromResult(new RateLimitDecision(RateLimitExceeded.Tokens, counts.Tokens, retryAfter));
            }

            if (limits.RequestsPerMinute is { } requestLimit)
            {
                if (counts.Requests >= requestLimit)
                {
                    return ValueTask.FromResult(new RateLimitDecision(RateLimitExceeded.Requests, counts.Requests, retryAfter));
                }

                counts.Requests++;
            }
        }

        return ValueTask.FromResult(RateLimitDecision.Admitted);
    }

    public ValueTask ChargeTokensAsync(string keyId, long tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        var window = RateLimitWindow.At(timeProvider.GetUtcNow());
        var counts = _counts.GetOrAdd(keyId, _ => new Counts());
        lock (counts)
        {
            counts.MoveTo(window.Index);
            counts.Tokens += tokens;
        }

        return ValueTask.CompletedTask;
    }

    private sealed class Counts
    {
        public long Window { get; private set; } = long.MinValue;

        public long Requests { get; set; }

        public long Tokens { get; set; }

        /// <summary>
        /// A new window starts from nothing. Not one back: a call that read the clock just before the
        /// window turned, and got the lock after one that started the new window, counts in the new one.
        /// A clock set back further starts over.
        /// </summary>
        public void MoveTo(long window)
        {
            if (window > Window || window < Window - 1)
            {
                Window = window;
                Requests = 0;
                Tokens = 0;
            }
        }
    }
}
