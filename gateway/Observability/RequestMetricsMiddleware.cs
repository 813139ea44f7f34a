using LlMesh.Gateway.Admission;
using LlMesh.Gateway.Replicas;

namespace LlMesh.Gateway.Observability;

/// <summary>
/// Around every <c>/v1</c> request: its duration and, when it failed, its status. Counted where the caller
/// entered; a request relayed from another replica was counted there.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, GatewayMetrics metrics, TimeProvider timeProvider)
{
    /// <summary>nginx's "client closed request": the caller left before the answer ended.</summary>
    public const int CallerLeftStatus = 499;

    private const string OtherRoute = "other";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = timeProvider.GetTimestamp();
        var outcome = new RequestOutcomeFeature();
        context.Features.Set(outcome);
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            if (context.Features.Get<RelayedRequest>() is null)
            {
                var status = failed ? StatusCodes.Status500InternalServerError
                    : context.RequestAborted.IsCancellationRequested ? CallerLeftStatus
                    : outcome.StreamErrorStatus ?? context.Response.StatusCode;
                var route = ApiRoutes.ByPath.TryGetValue(context.Request.Path.Value ?? "", out var known) ? known.ToString() : OtherRoute;
                metrics.RequestEnded(route, outcome.JobModel, status, timeProvider.GetElapsedTime(started));
            }
        }
    }
}
