namespace LlMesh.FakeLlamaServer;

/// <summary>
/// Run-time knobs of a <see cref="FakeLlamaServer"/>. Every property may be changed while requests are in flight:
/// delays are read before each step, the other settings when a request takes its slot.
/// </summary>
public sealed class FakeLlamaServerBehavior
{
    private long _timeToFirstTokenTicks;
    private long _tokenDelayTicks;
    private int _defaultTokens = 16;
    private int _failAfterTokens = -1;
    private int _cachedPromptTokens;
    private volatile bool _hang;
    private volatile bool _loading;

    /// <summary>Prefill time: delay after the slot is taken and before the first token.</summary>
    public TimeSpan TimeToFirstToken
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _timeToFirstTokenTicks));
        set => Interlocked.Exchange(ref _timeToFirstTokenTicks, NonNegative(value).Ticks);
    }

    /// <summary>Delay between two consecutive tokens.</summary>
    public TimeSpan TokenDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _tokenDelayTicks));
        set => Interlocked.Exchange(ref _tokenDelayTicks, NonNegative(value).Ticks);
    }

    /// <summary>Tokens generated when the request sets no limit; a request limit can only shorten it.</summary>
    public int DefaultTokens
    {
        get => Volatile.Read(ref _defaultTokens);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _defaultTokens, value);
        }
    }

    /// <summary>
    /// Fail once this many tokens were sent: a stream gets <c>data: {"error":…}</c> and no <c>[DONE]</c>
    /// (<c>/v1/messages</c>: <c>event: error</c> with an Anthropic <c>api_error</c>); a batch request (or a stream
    /// failing before its first token) gets a 500 error body (Anthropic-shaped on <c>/v1/messages</c>).
    /// </summary>
    public int? FailAfterTokens
    {
        get
        {
            var value = Volatile.Read(ref _failAfterTokens);
            return value < 0 ? null : value;
        }
        set
        {
            if (value is < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Must be null or non-negative.");
            }

            Volatile.Write(ref _failAfterTokens, value ?? -1);
        }
    }

    /// <summary>
    /// Prompt tokens the slot's KV cache already holds (llama-server's prompt caching of a shared prefix), reported as
    /// <c>cache_n</c> in the timings, <c>cached_tokens</c> in OpenAI usage and <c>cache_read_input_tokens</c> in Anthropic
    /// usage. Capped so that at least one prompt token is evaluated, as llama-server does. Default 0.
    /// </summary>
    public int CachedPromptTokens
    {
        get => Volatile.Read(ref _cachedPromptTokens);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _cachedPromptTokens, value);
        }
    }

    /// <summary>Take the slot and never answer, until the client goes away.</summary>
    public bool Hang
    {
        get => _hang;
        set => _hang = value;
    }

    /// <summary>Answer every request with 503 "Loading model", as llama-server does while it loads weights.</summary>
    public bool Loading
    {
        get => _loading;
        set => _loading = value;
    }

    private static TimeSpan NonNegative(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        return value;
    }
}
