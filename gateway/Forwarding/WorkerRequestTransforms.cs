using System.Collections.Frozen;
using LlMesh.Gateway.Admission;
using LlMesh.Gateway.Errors;
using LlMesh.Gateway.Replicas;
using LlMesh.Gateway.Streaming;
using LlMesh.Gateway.Translation;
using LlMesh.Tunnel.Protocol;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace LlMesh.Gateway.Forwarding;

/// <summary>
/// What changes on the way to a worker: the caller's credentials and network identity stay at the gateway;
/// the job id goes along.
/// </summary>
internal static class WorkerRequestTransforms
{
    /// <summary>
    /// Who and where the caller is, as the gateway's own proxies (Cloudflare, nginx, a load balancer) tell it:
    /// the machine that serves a job is often someone else's, and its owner learns nothing about the caller from it.
    /// </summary>
    private static readonly FrozenSet<string> CallerNetworkHeaders = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "X-Forwarded-Port", "Forwarded",
        "X-Real-IP", "X-Client-IP", "True-Client-IP", "X-Cluster-Client-IP", "Fastly-Client-IP", "X-Azure-ClientIP",
        "X-Azure-SocketIP", "X-Envoy-External-Address", "Via", "CDN-Loop");

    /// <summary>
    /// Header families removed whole: Cloudflare's (<c>CF-Connecting-IP</c>, <c>CF-IPCountry</c>, <c>CF-Ray</c>…)
    /// and the <c>X-Original-*</c> copies that ingress-nginx and ASP.NET Core's forwarded-headers step keep.
    /// </summary>
    private static readonly string[] CallerNetworkPrefixes = ["CF-", "X-Original-"];

    public static void Apply(TransformBuilderContext context)
    {
        // YARP would add X-Forwarded-* with the caller's address; the incoming ones are removed below.
        context.UseDefaultForwarders = false;
        context.AddRequestHeaderRemove(HeaderNames.Authorization);
        context.AddRequestHeaderRemove("x-api-key");
        context.AddRequestHeaderRemove(HeaderNames.Cookie);
        context.AddRequestHeaderRemove(RelayProtocol.SecretHeader);
        context.AddRequestHeaderRemove(RelayProtocol.KeyIdHeader);
        context.AddRequestHeaderRemove(RelayProtocol.OriginHeader);
        context.AddRequestHeaderRemove(RelayProtocol.ClaimHeader);
        context.AddRequestHeaderRemove(AdmissionMiddleware.PriorityHeader);
        context.AddRequestTransform(transform =>
        {
            // One pass over what the caller sent, instead of one remove transform per header name.
            foreach (var (name, _) in transform.HttpContext.Request.Headers)
            {
                if (IsCallerNetworkHeader(name))
                {
                    transform.ProxyRequest.Headers.Remove(name);
                }
            }

            if (transform.HttpContext.Features.Get<InferenceRequest>() is { } request)
            {
                transform.ProxyRequest.Headers.TryAddWithoutValidation(TunnelProtocol.JobIdHeader, request.JobId);
            }

            if (transform.HttpContext.Features.Get<RelayPlan>() is { } relay)
            {
                foreach (var (name, value) in relay.Headers)
                {
                    transform.ProxyRequest.Headers.TryAddWithoutValidation(name, value);
                }
            }

            if (transform.HttpContext.Features.Get<TranslationPlan>() is not null)
            {
                // Anthropic's query parameters (Claude Code's ?beta=true) mean nothing to an OpenAI endpoint.
                transform.Path = TranslationPlan.ChatPath;
                transform.Query.Collection.Clear();
            }

            return ValueTask.CompletedTask;
        });

        // A stream the gateway already answered with 200 cannot change its status: a backend error
        // becomes an error event in the caller's format instead of a JSON body inside the SSE stream.
        context.AddResponseTransform(async transform =>
        {
            if (transform.ProxyResponse?.Headers.Contains(TunnelProtocol.RetryableHeader) == true
                && transform.HttpContext.Features.Get<ExchangeRelay>() is { } retrying)
            {
                transform.SuppressResponseBody = true;
                retrying.RetryRequested = true;
                return;
            }

            if (transform.HttpContext.Features.Get<ExchangeRelay>() is { Committed: true } relay
                && transform.ProxyResponse is { } response
                && (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "text/event-stream"))
            {
                var error = response.IsSuccessStatusCode
                    ? new ApiError(502, "The backend answered without a stream although one was requested.", "backend_not_streaming")
                    : relay.Format == ApiFormat.Anthropic
                        ? await AnthropicErrorTransform.ReadAsync(response, transform.HttpContext.RequestAborted)
                        : await UpstreamErrorReader.ReadAsync(response, transform.HttpContext.RequestAborted);
                transform.SuppressResponseBody = true;
                await relay.WriteErrorAsync(error);
                return;
            }

            var translation = transform.HttpContext.Features.Get<TranslationPlan>();
            if (translation is { Stream: false })
            {
                await AnthropicResponseTransform.ApplyAsync(transform, translation);
            }
            else if (translation is null && transform.ProxyResponse is { IsSuccessStatusCode: false }
                && ApiFormatDetector.Detect(transform.HttpContext.Request) == ApiFormat.Anthropic)
            {
                await AnthropicErrorTransform.ApplyAsync(transform);
            }
        });
    }

    private static bool IsCallerNetworkHeader(string name)
    {
        if (CallerNetworkHeaders.Contains(name))
        {
            return true;
        }

        foreach (var prefix in CallerNetworkPrefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
