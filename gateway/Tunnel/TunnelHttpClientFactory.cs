using LlMesh.Gateway.Forwarding;
using Yarp.ReverseProxy.Forwarder;

namespace LlMesh.Gateway.Tunnel;

/// <summary>
/// Gives YARP the tunnel client for the worker cluster instead of a socket-based one; the replica
/// cluster (requests relayed to other gateways) gets YARP's ordinary socket client.
/// </summary>
internal sealed class TunnelHttpClientFactory(TunnelClient tunnelClient, ILogger<ForwarderHttpClientFactory> logger) : IForwarderHttpClientFactory
{
    private readonly ForwarderHttpClientFactory _sockets = new(logger);

    public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.ClusterId == ProxyRoutes.WorkerClusterId ? tunnelClient.Invoker : _sockets.CreateClient(context);
    }
}
