using System.Collections.Concurrent;

namespace LlMesh.State.RateLimits;

/// <summary>
/// The counts of one gateway (the embedded default): per key, the current window's requests and
/// tokens. One small entry per key that has a limit, replaced when its window ends.
/// </summary>
public sealed class InMemoryRateLimitCounter(TimeProvider timeProvider) : IRateLimitCounter
{
    private readonly ConcurrentDictionary<string, Counts> _counts = new(StringComparer.Ordinal);
    private long _sweptAt = long.MinValue;

    /// <summary>Keys with counts held now (a test's view of the sweep).</summary>
    internal int Keys => _counts.Count;

    public ValueTask<RateLimitDecision> TryAdmitAsync(string keyId, RateLimitPolicy limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var window = RateLimitWindow.At(timeProvider.GetUtcNow());
        Sweep(window.Index);
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

    /// <summary>Once a window: drops the counts of keys not used in this window or the one before (keys come and go).</summary>
    private void Sweep(long window)
    {
        var swept = Interlocked.Read(ref _sweptAt);
        if (window <= swept || Interlocked.CompareExchange(ref _sweptAt, window, swept) != swept)
        {
            return;
        }

        foreach (var entry in _counts)
        {
            bool idle;
            lock (entry.Value)
            {
                idle = entry.Value.Window < window - 1;
            }

            if (idle)
            {
                _counts.TryRemove(entry);
            }
        }
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
