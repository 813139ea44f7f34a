using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace LlMesh.Gateway.Streaming;

/// <summary>
/// The response as YARP sees it. Before the gateway commits, status and headers go straight to the
/// real response. After it committed a stream, YARP's status and headers land in a shadow (the caller
/// already has 200 and SSE headers), and every body write goes through the relay's write lock.
/// </summary>
internal sealed class RelayResponseFeature(ExchangeRelay relay, IHttpResponseFeature inner, IHttpResponseBodyFeature innerBody)
    : IHttpResponseFeature, IHttpResponseBodyFeature, IDisposable
{
    private readonly RelayStream _stream = new(relay);
    private PipeWriter? _writer;
    private int _shadowStatus = StatusCodes.Status200OK;
    private string? _shadowReason;
    private IHeaderDictionary _shadowHeaders = new HeaderDictionary();
    private bool _shadowStarted;

    public IHttpResponseFeature Inner => inner;

    public int StatusCode
    {
        get => relay.Committed ? _shadowStatus : inner.StatusCode;
        set
        {
            if (relay.Committed)
            {
                _shadowStatus = value;
            }
            else
            {
                inner.StatusCode = value;
            }
        }
    }

    public string? ReasonPhrase
    {
        get => relay.Committed ? _shadowReason : inner.ReasonPhrase;
        set
        {
            if (relay.Committed)
            {
                _shadowReason = value;
            }
            else
            {
                inner.ReasonPhrase = value;
            }
        }
    }

    public IHeaderDictionary Headers
    {
        get => relay.Committed ? _shadowHeaders : inner.Headers;
        set
        {
            if (relay.Committed)
            {
                _shadowHeaders = value;
            }
            else
            {
                inner.Headers = value;
            }
        }
    }

    public Stream Body
    {
        get => _stream;
        set => throw new NotSupportedException("The relay owns the response body.");
    }

    public bool HasStarted => relay.Committed ? _shadowStarted : inner.HasStarted;

    public Stream Stream => _stream;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));

    public void OnStarting(Func<object, Task> callback, object state) => inner.OnStarting(callback, state);

    public void OnCompleted(Func<object, Task> callback, object state) => inner.OnCompleted(callback, state);

    public void DisableBuffering() => innerBody.DisableBuffering();

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (relay.Committed)
        {
            _shadowStarted = true;
            return;
        }

        await innerBody.StartAsync(cancellationToken);
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public async Task CompleteAsync()
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync();
        }
    }

    public void Dispose() => _stream.Dispose();

    internal void ResetShadow()
    {
        _shadowStatus = StatusCodes.Status200OK;
        _shadowReason = null;
        _shadowHeaders = new HeaderDictionary();
        _shadowStarted = false;
    }

    internal void MarkStarted() => _shadowStarted = true;
}
