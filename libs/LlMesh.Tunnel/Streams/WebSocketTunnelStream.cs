using System.Net.WebSockets;

namespace LlMesh.Tunnel.Streams;

/// <summary>
/// A WebSocket as a byte stream for HTTP/2 framing. Unlike a plain stream adapter it reads only a Close
/// frame as the end (an empty binary message is not end-of-stream), never sends empty messages, and
/// completes <see cref="Closed"/> when the tunnel ends for any reason, so its owner can clean up.
/// </summary>
public sealed class WebSocketTunnelStream(WebSocket webSocket) : Stream
{
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Closed => _closed.Task;

    /// <summary>Cancelling a pending receive or send aborts a .NET WebSocket, so a cancelled call can end the tunnel too.</summary>
    private bool IsFinished => webSocket.State is WebSocketState.Aborted or WebSocketState.Closed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            while (true)
            {
                var result = await webSocket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult();
                    return 0;
                }

                if (result.Count > 0 || buffer.Length == 0)
                {
                    return result.Count;
                }
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested || IsFinished)
        {
            _closed.TrySetResult();
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        try
        {
            await webSocket.SendAsync(buffer, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested || IsFinished)
        {
            _closed.TrySetResult();
            throw;
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Use ReadAsync.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Use WriteAsync.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Abort rather than a close handshake: the peer may be gone, and HTTP/2 already said goodbye.
            webSocket.Abort();
            webSocket.Dispose();
            _closed.TrySetResult();
        }

        base.Dispose(disposing);
    }
}
