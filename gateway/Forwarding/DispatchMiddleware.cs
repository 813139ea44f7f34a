using LlMesh.Gateway.Admission;
using LlMesh.Gateway.Authentication;
using LlMesh.Gateway.Errors;
using LlMesh.Gateway.Live;
using LlMesh.Gateway.Observability;
using LlMesh.Gateway.Replicas;
using LlMesh.Gateway.Scheduling;
using LlMesh.ApiFormats.Tokens;
using LlMesh.Gateway.Streaming;
using LlMesh.Gateway.Translation;
using LlMesh.Gateway.Usage;
using LlMesh.Tunnel.Protocol;
using LlMesh.State;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace LlMesh.Gateway.Forwarding;

/// <summary>
/// Second step of the proxy pipeline: resolves the model or alias, applies the key's priority policy,
/// starts the caller's stream (keep-alives from now on), waits for a slot, forwards through YARP to
/// the worker's tunnel, and re-queues the job when its worker vanished before any byte reached the
/// caller. Timeouts and failures end in an error the caller's API format can read.
/// </summary>
internal sealed class DispatchMiddleware(
    RequestDelegate next,
    TargetResolver targets,
    JobScheduler scheduler,
    IOptionsMonitor<DispatchOptions> dispatchOptions,
    IOptionsMonitor<LongRunOptions> longRunOptions,
    UsageRecorder usageRecorder,
    RateLimits.RateLimitGate rateLimits,
    ReplicaDirectory replicas,
    SharedQueue sharedQueue,
    ClaimedSlots claimedSlots,
    LiveJobs live,
    GatewayMetrics metrics,
    IProxyStateLookup proxyState,
    IOptions<MeshOptions> mesh,
    TimeProvider timeProvider,
    ILogger<DispatchMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Features.Get<InferenceRequest>()
            ?? throw new InvalidOperationException("Dispatch runs after admission.");
        var caller = context.Features.Get<ApiCaller>()
            ?? throw new InvalidOperationException("Dispatch runs after API-key authentication.");

        if (request.Route == ApiRoute.CountTokens)
        {
            await CountTokensAsync(context, request);
            return;
        }

        if (await CheckAsync(context, request, caller) is not { } job)
        {
            return;
        }

        if (context.Features.Get<RequestOutcomeFeature>() is { } outcomeFeature)
        {
            outcomeFeature.JobModel = job.Target.Name;
        }

        GatewayActivities.TagRequest(context, job);

        var format = ApiFormatDetector.Detect(context.Request);
        await using var relay = new ExchangeRelay(context, format, request.Stream, longRunOptions.CurrentValue, timeProvider);
        context.Features.Set(relay);

        // A relayed request answers like a worker: the replica that holds the caller keeps its stream alive.
        if (request.Stream && context.Features.Get<RelayedRequest>() is null)
        {
            relay.Status = () => scheduler.PositionOf(job) is { } position ? $"queued, position {position}" : "keep-alive";
            await relay.CommitStreamAsync();
        }

        (ApiError? Error, Workers.Worker? Worker) result;
        try
        {
            result = await RunAsync(context, request, caller, job, relay);
        }
        finally
        {
            live.Ended(job.Id);
        }

        var (outcome, worker) = result;
        if (outcome is not null)
        {
            // A replica that stops while a relayed job waits tells the caller's replica to try another one.
            if (outcome.Code == ApiError.ShuttingDownCode && context.Features.Get<RelayedRequest>() is not null && !context.Response.HasStarted)
            {
                context.Response.Headers[TunnelProtocol.RetryableHeader] = "1";
            }

            live.Failed(job, outcome);
            await relay.WriteErrorAsync(outcome);

            // Cut short after the worker began: what it generated was work done for this key.
            if (worker is not null && relay.AnyUpstreamBytes)
            {
                await RecordUsageAsync(request, caller, job, relay, worker, relay.ReadUsage(), relay.TimedOut is not null ? "timed_out" : "failed");
            }

            return;
        }

        await relay.CompleteTranslationAsync();
        if (worker is null)
        {
            return;
        }

        // Counted by the replica whose worker answered, like usage.jsonl.
        var usage = relay.ReadUsage();
        metrics.Answered(job.Target.ModelFor(worker), request.Stream ? relay.TimeToFirstByte : null, usage);
        if (usage is not null || (relay.CallerGone && relay.AnyUpstreamBytes))
        {
            await RecordUsageAsync(request, caller, job, relay, worker, usage, relay.CallerGone ? "caller_left" : null);
        }
    }

    /// <summary>
    /// Charges the key's tokens-per-minute limit and writes the usage record. Without the worker's own count
    /// (an answer cut before its usage), the tokens are estimated, so a caller that leaves early still pays
    /// for what was generated.
    /// </summary>
    private async Task RecordUsageAsync(
        InferenceRequest request, ApiCaller caller, Job job, ExchangeRelay relay, Workers.Worker worker, LlMesh.ApiFormats.Tokens.Usage? usage, string? ended)
    {
        var estimated = usage is null;
        usage ??= new LlMesh.ApiFormats.Tokens.Usage(EstimatePromptTokens(request), relay.StreamedEvents, 0, null, null);
        await rateLimits.ChargeAsync(caller.Key, (long)usage.PromptTokens + usage.CompletionTokens);
        usageRecorder.Record(new UsageRecord(
            timeProvider.GetUtcNow(), job.Id, caller.User, caller.Key.Id, job.Target.ModelFor(worker), worker.Id, request.Route.ToString(),
            usage.PromptTokens, usage.CompletionTokens, usage.CachedTokens, usage.PromptTokensPerSecond, usage.GenerationTokensPerSecond,
            relay.Elapsed.TotalMilliseconds, relay.TimeToFirstByte?.TotalMilliseconds, job.QueueWait.TotalMilliseconds, ended, estimated));
    }

    /// <summary>The messages' size in tokens (the count_tokens estimate), else a quarter of the body's bytes.</summary>
    private static int EstimatePromptTokens(InferenceRequest request) =>
        request.EstimatedInputTokens > 0 ? request.EstimatedInputTokens
        : AnthropicTokenCount.TryEstimate(request.Body.Span, out var tokens) ? tokens
        : request.Body.Length / 4;

    /// <summary>
    /// <c>/v1/messages/count_tokens</c> needs no slot: a worker with native Anthropic support counts
    /// exactly; without one, the gateway answers with an estimate.
    /// </summary>
    private async Task CountTokensAsync(HttpContext context, InferenceRequest request)
    {
        var caller = context.Features.Get<ApiCaller>();
        if (caller is not null && !caller.Key.Allows(request.Model))
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.Forbidden($"This API key may not use '{request.Model}'."));
            return;
        }

        if (targets.Resolve(request.Model) is not { } target)
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.ModelNotFound(request.Model));
            return;
        }

        if (targets.AnyWorkerWithApi(target, BackendApis.Messages, caller?.User ?? "") is { } worker)
        {
            PrepareBody(context, request, JobFor(request, target), worker);
            context.GetReverseProxyFeature().AvailableDestinations = worker.Destination;
            await next(context);
            return;
        }

        if (!AnthropicTokenCount.TryEstimate(request.Body.Span, out var tokens))
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.Invalid("The request could not be read for counting."));
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(AnthropicTokenCount.CreateResponse(tokens), context.RequestAborted);
    }

    private Job JobFor(InferenceRequest request, JobTarget target) =>
        new(request.JobId, "", Priority.Normal, target, request.Modalities, null, timeProvider.GetUtcNow());

    /// <summary>The checks that still answer with a status code: unknown model, modality, priority.</summary>
    private async Task<Job?> CheckAsync(HttpContext context, InferenceRequest request, ApiCaller caller)
    {
        if (!caller.Key.Allows(request.Model))
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.Forbidden($"This API key may not use '{request.Model}'."));
            return null;
        }

        if (targets.Resolve(request.Model) is not { } target)
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.ModelNotFound(request.Model));
            return null;
        }

        if (request.Modalities != Modalities.None && !targets.AnyWorkerAccepts(target, request.Modalities))
        {
            await ApiErrorWriter.WriteAsync(context, Unsupported(request, target));
            return null;
        }

        if (!PriorityPolicy.TryApply(caller.Key, request.RequestedPriority, out var priority))
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.PriorityNotAllowed(request.RequestedPriority!.Value.Name(), caller.Key.MaxPriority.Name()));
            return null;
        }

        // Last, so a request refused for another reason costs nothing; a relayed one was counted where the caller entered.
        if (context.Features.Get<RelayedRequest>() is null && await rateLimits.AdmitAsync(caller.Key, context.RequestAborted) is { } limited)
        {
            await ApiErrorWriter.WriteAsync(context, limited);
            return null;
        }

        return new Job(request.JobId, caller.User, priority, target, request.Modalities, request.PrefixKey, timeProvider.GetUtcNow());
    }

    /// <summary>Names what no worker accepts: the Responses API itself, else the input kind (image before audio).</summary>
    private ApiError Unsupported(InferenceRequest request, JobTarget target)
    {
        if (request.Modalities.HasFlag(Modalities.ResponsesApi) && !targets.AnyWorkerAccepts(target, Modalities.ResponsesApi))
        {
            return ApiError.ResponsesApiUnsupported(request.Model);
        }

        return ApiError.ModalityUnsupported(request.Model, request.Modalities.HasFlag(Modalities.Vision) ? "image" : "audio");
    }

    /// <summary>Queues, forwards and re-queues; returns the error to report, or null when the exchange ended normally.</summary>
    private async Task<(ApiError? Error, Workers.Worker? Worker)> RunAsync(HttpContext context, InferenceRequest request, ApiCaller caller, Job job, ExchangeRelay relay)
    {
        var maxRequeues = longRunOptions.CurrentValue.MaxRequeues;
        var failedReplicas = new HashSet<string>(StringComparer.Ordinal);
        var handingOver = false;
        SlotClaim? claimed = null;
        for (var attempt = 0; ; attempt++)
        {
            var replica = claimed is not null ? replicas.Others.FirstOrDefault(r => r.Id == claimed.Replica) : ChooseReplica(context, job, failedReplicas, handingOver);
            var claimId = claimed?.ClaimId;
            claimed = null;
            if (replica is not null)
            {
                switch (await RelayAsync(context, request, caller, job, relay, replica, attempt, claimId))
                {
                    case { Done: true } done:
                        return (done.Error, null);
                    case { Reason: var reason }:
                        failedReplicas.Add(replica.Id);
                        if (attempt >= maxRequeues)
                        {
                            return (ApiError.WorkerUnavailable($"{attempt + 1} attempts failed before an answer ({reason})"), null);
                        }

                        relay.ResetForRetry();
                        DispatchLog.Requeued(logger, job.Id, "replica " + replica.Id, attempt + 1);
                        metrics.Requeued(RequeueReasons.ReplicaFailed);
                        continue;
                }
            }

            if (handingOver)
            {
                // Stopping, and no other replica can take the job (any more).
                return (ApiError.ShuttingDown(), null);
            }

            SlotLease lease;
            try
            {
                lease = await AcquireAsync(context, job, relay.Token);
            }
            catch (QueueFullException ex)
            {
                DispatchLog.QueueFull(logger, job.Id, ex.Name);
                return (ApiError.QueueFull(ex.Message), null);
            }
            catch (JobClaimedException ex)
            {
                // Another replica's policy gave this job a slot there: relay it to that slot. Not a failure, so no attempt is used.
                if (ex.Claim is { } claim)
                {
                    SharedQueueLog.FollowingClaim(logger, job.Id, claim.Replica);
                    claimed = claim;
                }

                attempt--;
                continue;
            }
            catch (GatewayStoppingException) when (replicas.Enabled && context.Features.Get<RelayedRequest>() is null)
            {
                // This replica is stopping (a rolling upgrade): its callers' queued jobs move to another
                // replica that serves the model, instead of failing.
                handingOver = true;
                ReplicasLog.HandingOver(logger, job.Id);
                continue;
            }
            catch (GatewayStoppingException)
            {
                return (ApiError.ShuttingDown(), null);
            }
            catch (OperationCanceledException)
            {
                return (Ended(context, job, relay), null);
            }

            using (lease)
            {
                var worker = lease.Worker;
                live.Started(job, worker.Id);
                DispatchLog.Dispatched(logger, job.Id, request.Model, job.Priority, worker.Agent.AgentName, worker.Id);
                PrepareBody(context, request, job, worker);
                relay.BeginAttempt();
                relay.Translator = context.Features.Get<TranslationPlan>()?.StreamTranslator;
                context.Features.Set<IForwarderErrorFeature>(null);
                ReassignTo(context, ProxyRoutes.WorkerClusterId);
                context.GetReverseProxyFeature().AvailableDestinations = worker.Destination;
                using var forward = GatewayActivities.StartForward(job, attempt, worker.Id, replicaId: null);
                await next(context);

                if (relay.TimedOut is not null || relay.CallerGone)
                {
                    GatewayActivities.Failed(forward, relay.CallerGone ? "caller left" : "timed out");
                    return (Ended(context, job, relay), worker);
                }

                string reason, requeueReason;
                if (relay.RetryRequested)
                {
                    // The agent could not reach its backend: the job never ran. Keep that worker out until its agent reports again.
                    scheduler.Suspend(worker);
                    reason = "backend unreachable";
                    requeueReason = RequeueReasons.BackendUnreachable;
                    GatewayActivities.Failed(forward, reason);
                }
                else if (context.GetForwarderErrorFeature() is { } error)
                {
                    DispatchLog.ForwardFailed(logger, error.Exception, job.Id, worker.Id, error.Error);
                    GatewayActivities.Failed(forward, error.Error.ToString());
                    if (relay.AnyUpstreamBytes)
                    {
                        // Part of the answer reached the caller: running it again would splice two answers.
                        return (ApiError.WorkerUnavailable($"the worker failed mid-answer ({error.Error})"), worker);
                    }

                    scheduler.Suspend(worker);
                    reason = error.Error.ToString();
                    requeueReason = RequeueReasons.WorkerFailed;
                }
                else
                {
                    return (null, worker);
                }

                if (attempt >= maxRequeues)
                {
                    return (ApiError.WorkerUnavailable($"{attempt + 1} workers failed before answering ({reason})"), worker);
                }

                relay.ResetForRetry();
                DispatchLog.Requeued(logger, job.Id, worker.Id, attempt + 1);
                metrics.Requeued(requeueReason);
            }
        }
    }

    /// <summary>
    /// Another replica to send this job to, or null to queue it here. A replica relays only what it did
    /// not get relayed, and only when its own agents cannot take the job now. With the shared queue: only
    /// to a replica announcing a free slot (otherwise the job waits here in the mesh-wide line until a
    /// replica claims it). Without it: also when no local agent serves the target at all, to the replica
    /// whose queue it then joins. A stopping replica hands the job to any replica that serves it.
    /// </summary>
    /// <param name="handingOver">This replica is stopping: any other replica that serves the target will do.</param>
    private ReplicaAnnouncement? ChooseReplica(HttpContext context, Job job, HashSet<string> failed, bool handingOver)
    {
        if (!replicas.Enabled || context.Features.Get<RelayedRequest>() is not null)
        {
            return null;
        }

        var (localFree, localServes) = scheduler.LocalCapacity(job.Target);

        // With the shared queue a job that cannot start here goes straight to a replica announcing a free
        // slot (a free slot means nothing in the mesh waits for it: that replica's policy would have given
        // it to a waiting job), else it waits here in the mesh-wide line for a replica to claim it.
        if (sharedQueue.Enabled && !handingOver)
        {
            return localFree == 0 && replicas.RemoteFreeSlots(job.Target) > 0 && replicas.Choose(job.Target) is { } free && !failed.Contains(free.Id)
                ? free
                : null;
        }

        if (!handingOver && localServes && (localFree > 0 || replicas.RemoteFreeSlots(job.Target) == 0))
        {
            return null;
        }

        return replicas.Choose(job.Target) is { } replica && !failed.Contains(replica.Id) ? replica : null;
    }

    /// <summary>One attempt through another replica. Done: the exchange ended (well or with an error to report); otherwise the reason to try again.</summary>
    /// <param name="claimId">The slot the other replica claimed for this job, if it did.</param>
    private async Task<(bool Done, ApiError? Error, string? Reason)> RelayAsync(
        HttpContext context, InferenceRequest request, ApiCaller caller, Job job, ExchangeRelay relay, ReplicaAnnouncement replica, int attempt, string? claimId)
    {
        ReplicasLog.Relayed(logger, job.Id, request.Model, replica.Id);
        live.Started(job, "replica:" + replica.Id);
        PrepareBody(context, request, job, worker: null);
        List<KeyValuePair<string, string>> headers =
        [
            new(RelayProtocol.SecretHeader, mesh.Value.Secret!),
            new(RelayProtocol.KeyIdHeader, caller.Key.Id),
            new(RelayProtocol.OriginHeader, replicas.ReplicaId),
            new(AdmissionMiddleware.PriorityHeader, job.Priority.Name()),
        ];
        if (claimId is not null)
        {
            headers.Add(new(RelayProtocol.ClaimHeader, claimId));
        }

        context.Features.Set(new RelayPlan(replica, headers));
        relay.BeginAttempt();
        relay.Translator = null;
        context.Features.Set<IForwarderErrorFeature>(null);
        ReassignTo(context, ProxyRoutes.ReplicaClusterId);
        context.GetReverseProxyFeature().AvailableDestinations =
            new DestinationState("replica-" + replica.Id, new DestinationModel(new DestinationConfig { Address = replica.Url.ToString() }));
        using var forward = GatewayActivities.StartForward(job, attempt, workerId: null, replica.Id);
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set<RelayPlan>(null);
        }

        if (relay.TimedOut is not null || relay.CallerGone)
        {
            GatewayActivities.Failed(forward, relay.CallerGone ? "caller left" : "timed out");
            return (true, Ended(context, job, relay), null);
        }

        if (relay.RetryRequested)
        {
            GatewayActivities.Failed(forward, "the replica could not run it");
            return (false, null, "the replica could not run it");
        }

        if (context.GetForwarderErrorFeature() is { } error)
        {
            DispatchLog.ForwardFailed(logger, error.Exception, job.Id, "replica " + replica.Id, error.Error);
            GatewayActivities.Failed(forward, error.Error.ToString());
            return relay.AnyUpstreamBytes
                ? (true, ApiError.WorkerUnavailable($"the replica serving it failed mid-answer ({error.Error})"), null)
                : (false, null, error.Error.ToString());
        }

        return (true, null, null);
    }

    private void ReassignTo(HttpContext context, string clusterId)
    {
        var feature = context.GetReverseProxyFeature();
        if (feature.Cluster.Config.ClusterId != clusterId && proxyState.TryGetCluster(clusterId, out var cluster))
        {
            context.ReassignProxyRequest(cluster);
        }
    }

    private async Task<SlotLease> AcquireAsync(HttpContext context, Job job, CancellationToken cancellationToken)
    {
        var relayed = context.Features.Get<RelayedRequest>();

        // A job relayed to a slot this replica claimed for it takes that slot (unless the claim expired).
        if (relayed is not null && context.Request.Headers[RelayProtocol.ClaimHeader].ToString() is { Length: > 0 } claimId
            && claimedSlots.TryTake(claimId) is { } claimedLease)
        {
            context.Request.Headers.Remove(RelayProtocol.ClaimHeader);
            job.Acquisitions++;
            return claimedLease;
        }

        using var queued = GatewayActivities.StartQueue(job);
        var started = timeProvider.GetTimestamp();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(dispatchOptions.CurrentValue.MaxQueueWait);
        try
        {
            // The shared queue only for this replica's own callers' jobs that have to wait.
            var lease = relayed is null && sharedQueue.Enabled
                ? scheduler.TryAcquireNow(job) ?? await sharedQueue.AcquireAsync(job, (j, token) => scheduler.AcquireAsync(j, token).AsTask(), wait.Token)
                : await scheduler.AcquireAsync(job, wait.Token);
            var waited = timeProvider.GetElapsedTime(started);
            job.AddQueueWait(waited);
            metrics.QueueWaited(job, waited);
            return lease;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            GatewayActivities.Failed(queued, "no slot within MaxQueueWait");
            throw new QueueWaitExpiredException();
        }
    }

    private ApiError? Ended(HttpContext context, Job job, ExchangeRelay relay)
    {
        // The replica that holds the caller counts timeouts; a relayed request's count happened there.
        var counted = context.Features.Get<RelayedRequest>() is null;
        if (relay.CallerGone)
        {
            DispatchLog.CallerLeft(logger, job.Id);
            return null;
        }

        if (relay.TimedOut is { } kind)
        {
            var limit = kind switch
            {
                TimeoutKind.TimeToFirstToken => longRunOptions.CurrentValue.TimeToFirstToken,
                TimeoutKind.Activity => longRunOptions.CurrentValue.Activity,
                _ => longRunOptions.CurrentValue.Batch,
            };
            DispatchLog.TimedOut(logger, job.Id, kind);
            if (counted)
            {
                metrics.TimedOut(TimeoutKinds.Of(kind));
            }

            return ApiError.Timeout(kind, limit);
        }

        if (counted)
        {
            metrics.TimedOut(TimeoutKinds.Queue);
        }

        return ApiError.QueueTimeout(dispatchOptions.CurrentValue.MaxQueueWait);
    }

    /// <summary>
    /// The body for this worker: llmesh's <c>priority</c> removed, an alias's real model named, and an
    /// Anthropic request translated to OpenAI chat when the worker has no <c>/v1/messages</c>.
    /// </summary>
    /// <param name="worker">Null when the job goes to another replica, which prepares the body for its own worker.</param>
    private static void PrepareBody(HttpContext context, InferenceRequest request, Job job, Workers.Worker? worker)
    {
        var translate = worker is not null && request.ChatTranslation is not null && !worker.Apis.Contains(BackendApis.Messages);
        context.Features.Set(translate ? new TranslationPlan(request.Model, request.Stream, request.EstimatedInputTokens) : null);
        var body = translate ? request.ChatTranslation!.Value : request.Body;
        var model = worker is not null && job.Target.IsAlias ? job.Target.ModelFor(worker) : null;
        if (request.BodyHasPriority || model is not null)
        {
            body = RequestBodyRewriter.Rewrite(body, model);
        }

        context.Request.Body = new ReadOnlyMemoryStream(body);
        context.Request.ContentLength = body.Length;
    }
}
