using System.Net;
using LlMesh.Tunnel.Protocol;
using LlMesh.TunnelAgent.Backends;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace LlMesh.TunnelAgent.Forwarding;

/// <summary>
/// <c>/_llmesh/backends/{backend}/{**path}</c>: forwards a request from the tunnel to the backend.
/// When the gateway resets the HTTP/2 stream, the request is aborted and YARP cancels the backend call,
/// which frees the backend's slot.
/// </summary>
internal sealed class BackendForwardingEndpoint(
    IHttpForwarder forwarder,
    BackendCatalog catalog,
    BackendHttpClient httpClient,
    IOptions<AgentOptions> options,
    ILogger<BackendForwardingEndpoint> logger)
{
    private readonly ForwarderRequestConfig _requestConfig = new()
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        ActivityTimeout = options.Value.BackendActivityTimeout,
        AllowResponseBuffering = false,
    };

    public async Task HandleAsync(HttpContext context)
    {
        var backendId = context.Request.RouteValues["backend"] as string ?? "";
        if (!catalog.TryGet(backendId, out var backend))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"Unknown backend '{backendId}'.");
            return;
        }

        var path = "/" + (context.Request.RouteValues["path"] as string ?? "");
        var error = await forwarder.SendAsync(context, backend.BaseUri.ToString(), httpClient.Invoker, _requestConfig, new BackendTransformer(backend, path));
        if (error != ForwarderError.None)
        {
            var exception = context.GetForwarderErrorFeature()?.Exception;
            if (error == ForwarderError.RequestCanceled)
            {
                string jobId = context.Request.Headers[TunnelProtocol.JobIdHeader].ToString();
                AgentLog.RequestAborted(logger, jobId, backend.Id);
            }
            else
            {
                AgentLog.BackendForwardFailed(logger, exception, backend.Id, error);
            }
        }
    }
}
