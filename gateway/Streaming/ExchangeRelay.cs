using LlMesh.Gateway.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace LlMesh.Gateway.Streaming;

/// <summary>
/// Stands between YARP and the caller for one request. It owns the cancellation YARP sees (so llmesh's
/// timeouts can end the backend call without dropping the caller), serialises every write to the
/// caller so keep-alive comments land only between SSE events, and, for streams, commits
/// <c>200 text/event-stream</c> before the job even has a worker.
/// </summary>
internal sealed class ExchangeRelay : IHttpRequestLifetimeFeature, IAsyncDisposable
{
    private readonly HttpContext _context;
    private readonly IHttpRequestLifetimeFeature _innerLifetime;
    private readonly IHttpResponseBodyFeature _innerBody;
    private readonly CancellationTokenSource _cancellation;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _timeProvider;
    private readonly LongRunOptions _options;
    private readonly bool _stream;
    private readonly long _acceptedAt;
    private readonly ITimer _timer;
    private readonly Usage.UsageCapture _usage;
    private EventBoundaryTracker _boundary = new();
    private long _lastWriteAt;
    private long _lastUpstreamAt;
    private long _firstUpstreamAt;
    private int _disposed;

    public ExchangeRelay(HttpContext context, ApiFormat format, bool stream, LongRunOptions options, TimeProvider timeProvider)
    {
        _context = context;
        Format = format;
        _stream = stream;
        _options = options;
        _timeProvider = timeProvider;
        _innerLifetime = context.Features.GetRequiredFeature<IHttpRequestLifetimeFeature>();
        _innerBody = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(_innerLifetime.RequestAborted);
        _acceptedAt = _lastWriteAt = timeProvider.GetTimestamp();
        _usage = new Usage.UsageCapture(stream);
        Response = new RelayResponseFeature(this, context.Features.GetRequiredFeature<IHttpResponseFeature>(), _innerBody);
        context.Features.Set<IHttpRequestLifetimeFeature>(this);
        context.Features.Set<IHttpResponseFeature>(Response);
        context.Features.Set<IHttpResponseBodyFeature>(Response);
        _timer = timeProvider.CreateTimer(static s => ((ExchangeRelay)s!).OnTimer(), this, NextDue(), Timeout.InfiniteTimeSpan);
    }

    public ApiFormat Format { get; }

    public RelayResponseFeature Response { get; }

    /// <summary>True once the gateway itself started the caller's response (200 text/event-stream).</summary>
    public bool Committed { get; private set; }

    /// <summary>Bytes from the worker written to the caller in the current attempt.</summary>
    public long UpstreamBytes { get; private set; }

    public bool AnyUpstreamBytes => UpstreamBytes > 0 || _lastUpstreamAt != 0;

    public TimeoutKind? TimedOut { get; private set; }

    /// <summary>For a translated Anthropic stream: turns the worker's OpenAI chunks into Anthropic events.</summary>
    public LlMesh.ApiFormats.Streaming.OpenAiToAnthropicStream? Translator { get; set; }

    public TimeSpan Elapsed => _timeProvider.GetElapsedTime(_acceptedAt);

    /// <summary>From acceptance (queue wait included) to the first byte of a worker's answer; null before it.</summary>
    public TimeSpan? TimeToFirstByte => _firstUpstreamAt == 0 ? null : _timeProvider.GetElapsedTime(_acceptedAt, _firstUpstreamAt);

    /// <summary>The worker's token usage, when its answer carried it.</summary>
    public LlMesh.ApiFormats.Tokens.Usage? ReadUsage() => Translator?.Usage ?? _usage.Read();

    /// <summary>Events streamed from the worker so far (about one per token): for an estimate when its usage never came.</summary>
    public int StreamedEvents => _usage.DataEvents;

    /// <summary>A non-streaming answer the gateway translated itself: keep it for usage.</summary>
    public void ObserveTranslatedBody(ReadOnlySpan<byte> body) => _usage.Observe(body);

    /// <summary>A translated stream whose worker finished: writes the closing Anthropic events.</summary>
    public async Task CompleteTranslationAsync()
    {
        if (Translator is not { IsFinished: false } translator || CallerGone)
        {
            return;
        }

        var output = new System.Buffers.ArrayBufferWriter<byte>();
        translator.Complete(output);
        await WriteToCallerAsync(output.WrittenMemory, _innerLifetime.RequestAborted);
    }

    /// <summary>The worker answered "retryable": the job never ran there and may run elsewhere.</summary>
    public bool RetryRequested { get; set; }

    /// <summary>Text for keep-alive comments while the job waits (e.g. its queue position).</summary>
    public Func<string>? Status { get; set; }

    public bool CallerGone => _innerLifetime.RequestAborted.IsCancellationRequested;

    CancellationToken IHttpRequestLifetimeFeature.RequestAborted
    {
        get => _cancellation.Token;
        set => throw new NotSupportedException();
    }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>
    /// YARP aborts the caller when the backend fails mid-stream; when llmesh can still say why (an error
    /// event), the abort only ends the backend call.
    /// </summary>
    void IHttpRequestLifetimeFeature.Abort()
    {
        if (Committed || TimedOut is not null)
        {
            _cancellation.Cancel();
            return;
        }

        _innerLifetime.Abort();
    }

    /// <summary>Starts the caller's SSE response now, before a worker is found.</summary>
    public async Task CommitStreamAsync()
    {
        var inner = Response.Inner;
        inner.StatusCode = StatusCodes.Status200OK;
        inner.Headers.ContentType = "text/event-stream";
        inner.Headers.CacheControl = "no-cache";
        inner.Headers["X-Accel-Buffering"] = "no";
        Committed = true;
        _innerBody.DisableBuffering();
        await _innerBody.StartAsync(_innerLifetime.RequestAborted);
    }

    /// <summary>Before each forwarding attempt: what YARP sets on the response belongs to this attempt only.</summary>
    public void BeginAttempt()
    {
        UpstreamBytes = 0;
        _lastUpstreamAt = 0;
        Response.ResetShadow();
    }

    /// <summary>Forgets what a failed attempt left on a response that has not started, before the next attempt.</summary>
    public void ResetForRetry()
    {
        RetryRequested = false;
        if (!Committed && !Response.Inner.HasStarted)
        {
            Response.Inner.StatusCode = StatusCodes.Status200OK;
            Response.Inner.Headers.Clear();
        }
    }

    internal async ValueTask WriteUpstreamAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty)
        {
            return;
        }

        _usage.Observe(data.Span);
        UpstreamBytes += data.Length;
        _lastUpstreamAt = _timeProvider.GetTimestamp();
        if (_firstUpstreamAt == 0)
        {
            _firstUpstreamAt = _lastUpstreamAt;
        }
        if (Translator is { } translator)
        {
            var output = new System.Buffers.ArrayBufferWriter<byte>();
            translator.Feed(data.Span, output);
            data = output.WrittenMemory;
        }

        await WriteToCallerAsync(data, cancellationToken);
    }

    private async ValueTask WriteToCallerAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _innerBody.Stream.WriteAsync(data, cancellationToken);
            await _innerBody.Stream.FlushAsync(cancellationToken);
            _boundary.Observe(data.Span);
            _lastWriteAt = _timeProvider.GetTimestamp();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes an error the caller can read: a status before anything was sent, an SSE error event after.</summary>
    public async Task WriteErrorAsync(ApiError error)
    {
        if (CallerGone)
        {
            return;
        }

        if (!Committed && !Response.Inner.HasStarted)
        {
            await ApiErrorWriter.WriteAsync(_context, error, Format);
            return;
        }

        await _writeLock.WaitAsync(_innerLifetime.RequestAborted);
        try
        {
            if (!_boundary.AtBoundary)
            {
                await _innerBody.Stream.WriteAsync("\n\n"u8.ToArray(), _innerLifetime.RequestAborted);
            }

            await _innerBody.Stream.WriteAsync(SseEventWriter.Error(error, Format), _innerLifetime.RequestAborted);
            await _innerBody.Stream.FlushAsync(_innerLifetime.RequestAborted);
            _boundary = new EventBoundaryTracker();
            if (_context.Features.Get<Observability.RequestOutcomeFeature>() is { } outcome)
            {
                outcome.StreamErrorStatus = error.StatusCode;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _timer.DisposeAsync();

        // Hold the write lock for good: a keep-alive in progress finishes, none starts after this.
        await _writeLock.WaitAsync(TimeSpan.FromSeconds(5));
        _context.Features.Set(_innerLifetime);
        _context.Features.Set(_innerBody);
        _context.Features.Set(Response.Inner);
        _context.Features.Set<ExchangeRelay>(null);
        Response.Dispose();
        _cancellation.Dispose();
    }

    private void OnTimer()
    {
        if (Volatile.Read(ref _disposed) == 1 || _cancellation.IsCancellationRequested)
        {
            return;
        }

        var now = _timeProvider.GetTimestamp();
        if (Expired(now) is { } kind)
        {
            TimedOut = kind;
            _cancellation.Cancel();
            return;
        }

        if (Committed && _timeProvider.GetElapsedTime(Volatile.Read(ref _lastWriteAt), now) >= _options.KeepAliveInterval)
        {
            _ = WriteKeepAliveAsync();
        }

        _timer.Change(NextDue(), Timeout.InfiniteTimeSpan);
    }

    private TimeoutKind? Expired(long now)
    {
        if (!_stream)
        {
            return _timeProvider.GetElapsedTime(_acceptedAt, now) >= _options.Batch ? TimeoutKind.Batch : null;
        }

        if (_lastUpstreamAt == 0)
        {
            return _timeProvider.GetElapsedTime(_acceptedAt, now) >= _options.TimeToFirstToken ? TimeoutKind.TimeToFirstToken : null;
        }

        return _timeProvider.GetElapsedTime(_lastUpstreamAt, now) >= _options.Activity ? TimeoutKind.Activity : null;
    }

    private TimeSpan NextDue()
    {
        // Wake for the nearest of: the next keep-alive, and the deadline of the timeout that applies now.
        var now = _timeProvider.GetTimestamp();
        TimeSpan deadline = !_stream ? _options.Batch - _timeProvider.GetElapsedTime(_acceptedAt, now)
            : _lastUpstreamAt == 0 ? _options.TimeToFirstToken - _timeProvider.GetElapsedTime(_acceptedAt, now)
            : _options.Activity - _timeProvider.GetElapsedTime(_lastUpstreamAt, now);
        var keepAlive = _options.KeepAliveInterval - _timeProvider.GetElapsedTime(Volatile.Read(ref _lastWriteAt), now);
        var due = _stream ? TimeSpan.FromTicks(Math.Min(deadline.Ticks, keepAlive.Ticks)) : deadline;
        return due < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : due;
    }

    private async Task WriteKeepAliveAsync()
    {
        // Never wait behind a write in progress: it resets the idle clock anyway.
        if (Volatile.Read(ref _disposed) == 1 || !await _writeLock.WaitAsync(0))
        {
            return;
        }

        try
        {
            if (_boundary.AtBoundary && !_innerLifetime.RequestAborted.IsCancellationRequested)
            {
                var comment = SseEventWriter.Comment(Status?.Invoke() ?? "keep-alive");
                await _innerBody.Stream.WriteAsync(comment, _innerLifetime.RequestAborted);
                await _innerBody.Stream.FlushAsync(_innerLifetime.RequestAborted);
                _lastWriteAt = _timeProvider.GetTimestamp();
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The caller is gone; the request's own cancellation takes it from here.
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
