using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace LlMesh.TunnelAgent.Forwarding;

/// <summary>The connection pool to the local backends.</summary>
internal sealed class BackendHttpClient : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        EnableMultipleHttp2Connections = true,

        // As YARP's own clients do: whatever traceparent the gateway sent, the one sent on names the
        // agent's current span, so the backend's request hangs under the agent's.
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
    });

    public void Dispose() => Invoker.Dispose();
}
