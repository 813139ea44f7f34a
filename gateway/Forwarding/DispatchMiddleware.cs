using LlMesh.Gateway.Admission;
using LlMesh.Gateway.Authentication;
using LlMesh.Gateway.Errors;
using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Workers;
using LlMesh.State;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace LlMesh.Gateway.Forwarding;

/// <summary>
/// Second step of the proxy pipeline: resolves the model or alias, applies the key's priority policy,
/// waits for the scheduler to give the job a slot, points YARP at that worker's tunnel destination,
/// and frees the slot when the exchange ends.
/// </summary>
internal sealed class DispatchMiddleware(
    RequestDelegate next,
    TargetResolver targets,
    JobScheduler scheduler,
    IOptionsMonitor<DispatchOptions> options,
    TimeProvider timeProvider,
    ILogger<DispatchMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.Get<InferenceRequest>()
            ?? throw new InvalidOperationException("Dispatch runs after admission.");
        var caller = context.Features.Get<ApiCaller>()
            ?? throw new InvalidOperationException("Dispatch runs after API-key authentication.");

        if (targets.Resolve(request.Model) is not { } target)
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.ModelNotFound(request.Model));
            return;
        }

        if (request.Modalities != Modalities.None && !targets.AnyWorkerAccepts(target, request.Modalities))
        {
            var what = request.Modalities.HasFlag(Modalities.Vision) ? "image" : "audio";
            await ApiErrorWriter.WriteAsync(context, ApiError.ModalityUnsupported(request.Model, what));
            return;
        }

        if (!PriorityPolicy.TryApply(caller.Key, request.RequestedPriority, out var priority))
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.PriorityNotAllowed(request.RequestedPriority!.Value.Name(), caller.Key.MaxPriority.Name()));
            return;
        }

        var job = new Job(request.JobId, caller.User, priority, target, request.Modalities, request.PrefixKey, timeProvider.GetUtcNow());
        if (await AcquireAsync(context, job) is not { } lease)
        {
            return;
        }

        using (lease)
        {
            var worker = lease.Worker;
            DispatchLog.Dispatched(logger, request.JobId, request.Model, priority, worker.Agent.AgentName, worker.Id);
            if (request.BodyHasPriority || target.IsAlias)
            {
                var body = RequestBodyRewriter.Rewrite(request.Body, target.IsAlias ? target.ModelFor(worker) : null);
                context.Request.Body = new ReadOnlyMemoryStream(body);
                context.Request.ContentLength = body.Length;
            }

            context.GetReverseProxyFeature().AvailableDestinations = worker.Destination;
            await next(context);
            await ReportForwarderErrorAsync(context, request, worker);
        }
    }

    private async Task<SlotLease?> AcquireAsync(HttpContext context, Job job)
    {
        var maxWait = options.CurrentValue.MaxQueueWait;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        wait.CancelAfter(maxWait);
        try
        {
            return await scheduler.AcquireAsync(job, wait.Token);
        }
        catch (QueueFullException ex)
        {
            DispatchLog.QueueFull(logger, job.Id, ex.Name);
            await ApiErrorWriter.WriteAsync(context, ApiError.QueueFull(ex.Message));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            DispatchLog.CallerLeftQueue(logger, job.Id);
        }
        catch (OperationCanceledException)
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.QueueTimeout(maxWait));
        }

        return null;
    }

    private async Task ReportForwarderErrorAsync(HttpContext context, InferenceRequest request, Worker worker)
    {
        if (context.GetForwarderErrorFeature() is not { } error || error.Error == ForwarderError.RequestCanceled)
        {
            return;
        }

        DispatchLog.ForwardFailed(logger, error.Exception, request.JobId, worker.Id, error.Error);
        if (!context.Response.HasStarted)
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.WorkerUnavailable(error.Error.ToString()));
        }
    }
}
