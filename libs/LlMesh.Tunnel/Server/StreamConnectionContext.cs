using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace LlMesh.Tunnel.Server;

/// <summary>A Kestrel connection over any duplex <see cref="Stream"/> (here: a WebSocket to the gateway).</summary>
public sealed class StreamConnectionContext : ConnectionContext, IConnectionLifetimeFeature, IConnectionEndPointFeature
{
    private readonly Stream _stream;
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    public StreamConnectionContext(string connectionId, Stream stream, EndPoint? remoteEndPoint)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        ConnectionId = connectionId;
        RemoteEndPoint = remoteEndPoint;
        ConnectionClosed = _closed.Token;
        Transport = new DuplexPipe(
            PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)),
            PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
        Features.Set<IConnectionLifetimeFeature>(this);
        Features.Set<IConnectionEndPointFeature>(this);
    }

    /// <summary>Completes when Kestrel has closed and disposed the connection.</summary>
    public Task Completion => _completion.Task;

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed { get; set; }

    public override EndPoint? RemoteEndPoint { get; set; }

    public override EndPoint? LocalEndPoint { get; set; }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        // Closing the stream fails the pending read, which is how Kestrel learns the transport is gone.
        _closed.Cancel();
        _stream.Dispose();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            // Completing the writer flushes what is left; on a dead tunnel that throws, and must not stop the clean-up.
            await Transport.Input.CompleteAsync();
            await Transport.Output.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or System.Net.WebSockets.WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            await _stream.DisposeAsync();
            await _closed.CancelAsync();
            _closed.Dispose();
            _completion.TrySetResult();
        }

        await base.DisposeAsync();
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
