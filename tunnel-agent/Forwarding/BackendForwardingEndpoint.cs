using System.Net;
using LlMesh.Tunnel.Protocol;
using LlMesh.TunnelAgent.Backends;
using LlMesh.TunnelAgent.Observability;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace LlMesh.TunnelAgent.Forwarding;

/// <summary>
/// <c>/_llmesh/backends/{backend}/{**path}</c>: forwards a request from the tunnel to the backend.
/// When the gateway resets the HTTP/2 stream, the request is aborted and YARP cancels the backend call,
/// which frees the backend's slot. A job id already running here is refused; a backend that cannot be
/// reached answers "retryable", so the gateway queues the job again elsewhere.
/// </summary>
internal sealed class BackendForwardingEndpoint(
    IHttpForwarder forwarder,
    BackendCatalog catalog,
    BackendHttpClient httpClient,
    InFlightJobs inFlight,
    DiscoveryService discovery,
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

        string jobId = context.Request.Headers[TunnelProtocol.JobIdHeader].ToString();
        if (jobId.Length > 0 && !inFlight.TryStart(jobId))
        {
            AgentLog.DuplicateJob(logger, jobId);
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            await context.Response.WriteAsync($"Job {jobId} is already running on this agent.");
            return;
        }

        using var activity = AgentActivities.StartForward(jobId, backend.Id);
        try
        {
            var path = "/" + (context.Request.RouteValues["path"] as string ?? "");
            var error = await forwarder.SendAsync(context, backend.BaseUri.ToString(), httpClient.Invoker, _requestConfig, new BackendTransformer(backend, path));
            if (error != ForwarderError.None)
            {
                AgentActivities.Failed(activity, error.ToString());
                await ReportAsync(context, backend, jobId, error);
            }
        }
        finally
        {
            if (jobId.Length > 0)
            {
                inFlight.Finish(jobId);
            }
        }
    }

    private async Task ReportAsync(HttpContext context, Backend backend, string jobId, ForwarderError error)
    {
        if (error == ForwarderError.RequestCanceled)
        {
            AgentLog.RequestAborted(logger, jobId, backend.Id);
            return;
        }

        AgentLog.BackendForwardFailed(logger, context.GetForwarderErrorFeature()?.Exception, backend.Id, error);
        if (error == ForwarderError.Request && !context.Response.HasStarted)
        {
            // The backend never got the job: the gateway may run it elsewhere. Look at the backend again now.
            backend.MarkUnreachable();
            discovery.RequestRefresh();
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers[TunnelProtocol.RetryableHeader] = "backend-unreachable";
            await context.Response.WriteAsync($"Backend {backend.Id} is unreachable.");
        }
    }
}
