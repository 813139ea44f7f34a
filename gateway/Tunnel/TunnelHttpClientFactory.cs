using Yarp.ReverseProxy.Forwarder;

namespace LlMesh.Gateway.Tunnel;

/// <summary>Gives YARP the tunnel client for the worker cluster instead of a socket-based one.</summary>
internal sealed class TunnelHttpClientFactory(TunnelClient tunnelClient) : IForwarderHttpClientFactory
{
    public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context) => tunnelClient.Invoker;
}
