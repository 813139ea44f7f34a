using System.Net;
using LlMesh.Tunnel.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlMesh.Tunnel.Tests.Server;

/// <summary>HTTP/2 end to end over an in-memory stream: a real Kestrel serving a tunnel, a real HTTP/2 client dialling it.</summary>
public sealed class TunnelConnectionListenerFactoryTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly TunnelConnectionListenerFactory _factory = new();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_factory);
        builder.Services.AddSingleton<IConnectionListenerFactory>(_factory);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // As the agent does: an idle tunnel stays open ("never" spelled as a year).
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromDays(365);
            kestrel.Listen(new TunnelEndPoint("t"), listen => listen.Protocols = HttpProtocols.Http2);
        });
        _app = builder.Build();
        _app.MapGet("/x", (HttpContext context) => $"hello {context.Request.Protocol} {context.Request.Query["n"]}");
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Offer_ServesHttp2RequestOverTheStream()
    {
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        var served = _factory.Offer(new StreamConnectionContext("c1", serverSide, remoteEndPoint: null));
        using var client = NewClient(clientSide, out _);

        using var response = await client.SendAsync(Get("/x?n=1"), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("hello HTTP/2 1", await response.Content.ReadAsStringAsync());
        Assert.False(served.IsCompleted);
    }

    [Fact]
    public async Task Offer_ConcurrentRequests_AllSucceedOverOneConnection()
    {
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        _ = _factory.Offer(new StreamConnectionContext("c1", serverSide, remoteEndPoint: null));
        using var client = NewClient(clientSide, out var connects);

        var bodies = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var response = await client.SendAsync(Get($"/x?n={i}"), CancellationToken.None);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync();
        })).WaitAsync(Timeout);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"hello HTTP/2 {i}"), bodies);
        Assert.Equal(1, connects());
    }

    [Fact]
    public async Task Offer_TwoConnections_AreServedIndependently()
    {
        var (server1, client1) = DuplexPipeStream.CreatePair();
        var (server2, client2) = DuplexPipeStream.CreatePair();
        var served1 = _factory.Offer(new StreamConnectionContext("c1", server1, remoteEndPoint: null));
        _ = _factory.Offer(new StreamConnectionContext("c2", server2, remoteEndPoint: null));
        var invoker1 = NewClient(client1, out _);
        using var invoker2 = NewClient(client2, out _);
        (await invoker1.SendAsync(Get("/x"), CancellationToken.None).WaitAsync(Timeout)).Dispose();

        invoker1.Dispose();
        await served1.WaitAsync(Timeout);
        using var response = await invoker2.SendAsync(Get("/x?n=2"), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("hello HTTP/2 2", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Offer_TaskCompletes_AfterClientClosesTheConnection()
    {
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        var connection = new StreamConnectionContext("c1", serverSide, remoteEndPoint: null);
        var served = _factory.Offer(connection);
        var client = NewClient(clientSide, out _);
        (await client.SendAsync(Get("/x"), CancellationToken.None).WaitAsync(Timeout)).Dispose();
        Assert.False(served.IsCompleted);

        client.Dispose();

        await served.WaitAsync(Timeout);
        Assert.True(connection.ConnectionClosed.IsCancellationRequested);
    }

    [Fact]
    public async Task Offer_TaskCompletes_WhenServerStops()
    {
        var (serverSide, clientSide) = DuplexPipeStream.CreatePair();
        var served = _factory.Offer(new StreamConnectionContext("c1", serverSide, remoteEndPoint: null));
        using var client = NewClient(clientSide, out _);
        (await client.SendAsync(Get("/x"), CancellationToken.None).WaitAsync(Timeout)).Dispose();

        await _app.StopAsync().WaitAsync(Timeout);

        await served.WaitAsync(Timeout);
    }

    [Fact]
    public void CanBind_OnlyTunnelEndPoints()
    {
        Assert.True(_factory.CanBind(new TunnelEndPoint("t")));
        Assert.False(_factory.CanBind(new IPEndPoint(IPAddress.Loopback, 80)));
    }

    [Fact]
    public async Task BindAsync_OtherEndPoint_Throws()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() => _factory.BindAsync(new IPEndPoint(IPAddress.Loopback, 80)).AsTask());
    }

    private static HttpMessageInvoker NewClient(Stream clientSide, out Func<int> connects)
    {
        var count = 0;
        connects = () => Volatile.Read(ref count);
        return new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectCallback = (_, _) =>
            {
                Interlocked.Increment(ref count);
                return ValueTask.FromResult(clientSide);
            },
        });
    }

    private static HttpRequestMessage Get(string pathAndQuery) => new(HttpMethod.Get, new Uri("http://t.tunnel" + pathAndQuery))
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
}
