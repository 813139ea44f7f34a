using System.Net.WebSockets;
using System.Text;
using LlMesh.Tunnel.Streams;

namespace LlMesh.Tunnel.Tests.Streams;

public sealed class WebSocketTunnelStreamTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly DuplexPipeStream _serverTransport;
    private readonly DuplexPipeStream _clientTransport;
    private readonly WebSocket _server;
    private readonly WebSocket _client;

    public WebSocketTunnelStreamTests()
    {
        (_serverTransport, _clientTransport) = DuplexPipeStream.CreatePair();
        _server = WebSocket.CreateFromStream(_serverTransport, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        _client = WebSocket.CreateFromStream(_clientTransport, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
    }

    [Fact]
    public async Task WriteAsync_BytesArriveAtTheOtherEnd()
    {
        using var server = new WebSocketTunnelStream(_server);
        using var client = new WebSocketTunnelStream(_client);

        await client.WriteAsync("hello tunnel"u8.ToArray());

        Assert.Equal("hello tunnel", Encoding.UTF8.GetString(await ReadExactlyAsync(server, 12)));
    }

    [Fact]
    public async Task WriteAsync_LargeBuffer_IsReadInPiecesByASmallerReader()
    {
        using var server = new WebSocketTunnelStream(_server);
        using var client = new WebSocketTunnelStream(_client);
        var payload = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();

        var writing = client.WriteAsync(payload).AsTask();
        var received = await ReadExactlyAsync(server, payload.Length, chunk: 4096);
        await writing.WaitAsync(Timeout);

        Assert.Equal(payload, received);
    }

    [Fact]
    public async Task ReadAsync_EmptyBinaryMessageFromPeer_DoesNotEndTheStream()
    {
        using var server = new WebSocketTunnelStream(_server);

        await _client.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        await _client.SendAsync("after"u8.ToArray(), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

        var buffer = new byte[64];
        var read = await server.ReadAsync(buffer).AsTask().WaitAsync(Timeout);

        Assert.Equal("after", Encoding.UTF8.GetString(buffer, 0, read));
        Assert.False(server.Closed.IsCompleted);
    }

    [Fact]
    public async Task ReadAsync_CloseFrameFromPeer_ReturnsZeroAndCompletesClosed()
    {
        using var server = new WebSocketTunnelStream(_server);

        await _client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        var read = await server.ReadAsync(new byte[16]).AsTask().WaitAsync(Timeout);

        Assert.Equal(0, read);
        Assert.True(server.Closed.IsCompleted);
    }

    [Fact]
    public async Task ReadAsync_PeerTransportGone_ThrowsAndCompletesClosed()
    {
        using var server = new WebSocketTunnelStream(_server);
        var reading = server.ReadAsync(new byte[16]).AsTask();

        _client.Abort();
        await _clientTransport.DisposeAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => reading.WaitAsync(Timeout));
        await server.Closed.WaitAsync(Timeout);
    }

    [Fact]
    public async Task ReadAsync_Cancelled_CompletesClosedBecauseTheWebSocketIsAborted()
    {
        // Cancelling a receive aborts a WebSocket, so the tunnel is dead and its owner must learn so.
        using var server = new WebSocketTunnelStream(_server);
        using var cts = new CancellationTokenSource();
        var reading = server.ReadAsync(new byte[16], cts.Token).AsTask();

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Timeout));

        Assert.Equal(WebSocketState.Aborted, _server.State);
        Assert.True(server.Closed.IsCompleted, "Closed must complete once the WebSocket is aborted.");
    }

    [Fact]
    public async Task WriteAsync_EmptyBuffer_SendsNoMessage()
    {
        using var client = new WebSocketTunnelStream(_client);

        await client.WriteAsync(ReadOnlyMemory<byte>.Empty);
        await client.WriteAsync("x"u8.ToArray());

        var buffer = new byte[16];
        var result = await _server.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.Equal(1, result.Count);
        Assert.Equal((byte)'x', buffer[0]);
    }

    [Fact]
    public async Task WriteAsync_SendsEachWriteAsOneCompleteBinaryMessage()
    {
        using var client = new WebSocketTunnelStream(_client);

        await client.WriteAsync("abc"u8.ToArray());

        var result = await _server.ReceiveAsync(new byte[16].AsMemory(), CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
        Assert.True(result.EndOfMessage);
        Assert.Equal(3, result.Count);
    }

    [Fact]
    public async Task Dispose_CompletesClosed_AndPeerSeesTheTunnelEnd()
    {
        var server = new WebSocketTunnelStream(_server);
        Assert.False(server.Closed.IsCompleted);

        await server.DisposeAsync();

        Assert.True(server.Closed.IsCompleted);
        await Assert.ThrowsAsync<WebSocketException>(
            () => _client.ReceiveAsync(new byte[16].AsMemory(), CancellationToken.None).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task WriteAsync_AfterPeerIsGone_ThrowsAndCompletesClosed()
    {
        using var client = new WebSocketTunnelStream(_client);
        _server.Abort();
        await _serverTransport.DisposeAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => client.WriteAsync(new byte[16]).AsTask().WaitAsync(Timeout));

        Assert.True(client.Closed.IsCompleted);
    }

    [Fact]
    public void Stream_IsReadableWritableAndNotSeekable()
    {
        using var stream = new WebSocketTunnelStream(_client);

        Assert.True(stream.CanRead);
        Assert.True(stream.CanWrite);
        Assert.False(stream.CanSeek);
    }

    public void Dispose()
    {
        _server.Dispose();
        _client.Dispose();
        _serverTransport.Dispose();
        _clientTransport.Dispose();
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int length, int chunk = 1024)
    {
        var result = new byte[length];
        var total = 0;
        while (total < length)
        {
            var read = await stream.ReadAsync(result.AsMemory(total, Math.Min(chunk, length - total))).AsTask().WaitAsync(Timeout);
            Assert.NotEqual(0, read);
            total += read;
        }

        return result;
    }
}
