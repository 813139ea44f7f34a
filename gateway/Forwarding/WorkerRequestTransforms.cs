using LlMesh.Gateway.Admission;
using LlMesh.Tunnel.Protocol;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace LlMesh.Gateway.Forwarding;

/// <summary>What changes on the way to a worker: the caller's credentials stay at the gateway; the job id goes along.</summary>
internal static class WorkerRequestTransforms
{
    public static void Apply(TransformBuilderContext context)
    {
        context.AddRequestHeaderRemove(HeaderNames.Authorization);
        context.AddRequestHeaderRemove("x-api-key");
        context.AddRequestHeaderRemove(HeaderNames.Cookie);
        context.AddRequestTransform(transform =>
        {
            if (transform.HttpContext.Features.Get<InferenceRequest>() is { } request)
            {
                transform.ProxyRequest.Headers.TryAddWithoutValidation(TunnelProtocol.JobIdHeader, request.JobId);
            }

            return ValueTask.CompletedTask;
        });
    }
}
