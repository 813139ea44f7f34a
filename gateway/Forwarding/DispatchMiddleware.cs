using LlMesh.Gateway.Admission;
using LlMesh.Gateway.Errors;
using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Workers;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace LlMesh.Gateway.Forwarding;

/// <summary>
/// Second step of the proxy pipeline: waits for a slot on a worker that serves the model, points
/// YARP at that worker's tunnel destination, and frees the slot when the exchange ends.
/// </summary>
internal sealed class DispatchMiddleware(
    RequestDelegate next,
    WorkerRegistry registry,
    SlotScheduler scheduler,
    IOptionsMonitor<DispatchOptions> options,
    ILogger<DispatchMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.Get<InferenceRequest>()
            ?? throw new InvalidOperationException("Dispatch runs after admission.");
        if (!registry.ServesModel(request.Model))
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.ModelNotFound(request.Model));
            return;
        }

        var maxWait = options.CurrentValue.MaxQueueWait;
        SlotLease lease;
        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            wait.CancelAfter(maxWait);
            try
            {
                lease = await scheduler.AcquireAsync(request.Model, wait.Token);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                DispatchLog.CallerLeftQueue(logger, request.JobId);
                return;
            }
            catch (OperationCanceledException)
            {
                await ApiErrorWriter.WriteAsync(context, ApiError.QueueTimeout(maxWait));
                return;
            }
        }

        using (lease)
        {
            var worker = lease.Worker;
            DispatchLog.Dispatched(logger, request.JobId, request.Model, worker.Agent.AgentName, worker.Id);
            context.GetReverseProxyFeature().AvailableDestinations = worker.Destination;
            await next(context);
            await ReportForwarderErrorAsync(context, request, worker);
        }
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
