using LlMesh.TunnelAgent.Backends;
using Yarp.ReverseProxy.Forwarder;

namespace LlMesh.TunnelAgent.Forwarding;

/// <summary>Strips the agent's routing prefix from the path and adds the backend's own API key.</summary>
internal sealed class BackendTransformer(Backend backend, string path) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, new PathString(path), httpContext.Request.QueryString);
        proxyRequest.Headers.Host = null;
        BackendAuthentication.Apply(backend.Options, proxyRequest.Headers);
    }
}
