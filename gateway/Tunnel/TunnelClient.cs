using System.Diagnostics;
using System.Net;
using LlMesh.Gateway.Workers;
using LlMesh.Tunnel.Protocol;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace LlMesh.Gateway.Tunnel;

/// <summary>
/// The HTTP/2 client side of every tunnel. One <see cref="SocketsHttpHandler"/> serves all agents:
/// a destination host <c>{instance}.tunnel</c> connects, not through a socket, but to a WebSocket
/// stream the agent opened. Each tunnel then carries one multiplexed HTTP/2 connection.
/// </summary>
internal sealed class TunnelClient : IDisposable
{
    private readonly WorkerRegistry _registry;

    public TunnelClient(WorkerRegistry registry, IOptions<TunnelOptions> options)
    {
        _registry = registry;
        var tunnel = options.Value;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,

            // A tunnel stream can be connected only once: never let the pool retire a live connection.
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = tunnel.PingInterval,
            KeepAlivePingTimeout = tunnel.PingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            ConnectCallback = ConnectAsync,

            // As YARP's own clients do: whatever traceparent the caller sent, the one sent on names the
            // gateway's current span, so the agent's spans hang under the gateway's.
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        };
        Invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public HttpMessageInvoker Invoker { get; }

    /// <summary>An <see cref="HttpClient"/> for the gateway's own calls to agents (capabilities).</summary>
    public HttpClient CreateHttpClient(TimeSpan timeout) => new(Invoker.AsHandler(), disposeHandler: false)
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = timeout,
    };

    public static Uri BaseAddressOf(AgentSession session) => new($"http://{session.InstanceId}{TunnelProtocol.TunnelHostSuffix}/");

    public void Dispose() => Invoker.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        if (!host.EndsWith(TunnelProtocol.TunnelHostSuffix, StringComparison.OrdinalIgnoreCase))
        {
            throw new HttpRequestException($"'{host}' is not a tunnel destination.");
        }

        var instanceId = host[..^TunnelProtocol.TunnelHostSuffix.Length];
        if (!_registry.TryGetSession(instanceId, out var session))
        {
            throw new HttpRequestException($"Agent instance {instanceId} is not connected.");
        }

        return await session.ClaimStreamAsync(cancellationToken);
    }
}
