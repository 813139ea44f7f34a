namespace LlMesh.Gateway.Observability;

/// <summary>
/// The gateway's meter, its instruments and their labels. Names use OpenTelemetry's dotted style;
/// the Prometheus exporter turns them into <c>llmesh_queue_wait_seconds</c> and the like (README, "Operations").
/// </summary>
internal static class MetricNames
{
    public const string Meter = "LlMesh.Gateway";

    public const string QueueDepth = "llmesh.queue.depth";
    public const string QueueWait = "llmesh.queue.wait";
    public const string TimeToFirstToken = "llmesh.time_to_first_token";
    public const string GenerationSpeed = "llmesh.generation.speed";
    public const string PrefillSpeed = "llmesh.prefill.speed";
    public const string Tokens = "llmesh.tokens";
    public const string RequestDuration = "llmesh.request.duration";
    public const string WorkerInFlight = "llmesh.worker.in_flight";
    public const string WorkerSlots = "llmesh.worker.slots";
    public const string WorkersConnected = "llmesh.workers.connected";
    public const string AgentsConnected = "llmesh.agents.connected";
    public const string Requeues = "llmesh.requeues";
    public const string Timeouts = "llmesh.timeouts";
    public const string Errors = "llmesh.errors";

    public const string TierLabel = "tier";
    public const string ModelLabel = "model";
    public const string WorkerLabel = "worker";
    public const string RouteLabel = "route";
    public const string StatusLabel = "status";
    public const string KindLabel = "kind";
    public const string ReasonLabel = "reason";
    public const string TypeLabel = "type";
}

/// <summary>Why a job went back to the queue (label <c>reason</c> of <c>llmesh.requeues</c>).</summary>
internal static class RequeueReasons
{
    /// <summary>The agent could not reach its backend: the job never ran.</summary>
    public const string BackendUnreachable = "backend_unreachable";

    /// <summary>Forwarding to the worker (tunnel, agent) failed before any byte of the answer.</summary>
    public const string WorkerFailed = "worker_failed";

    /// <summary>The replica the job was relayed to failed before any byte of the answer.</summary>
    public const string ReplicaFailed = "replica_failed";

    public static readonly string[] All = [BackendUnreachable, WorkerFailed, ReplicaFailed];
}

/// <summary>Which limit ended a job (label <c>kind</c> of <c>llmesh.timeouts</c>).</summary>
internal static class TimeoutKinds
{
    public const string TimeToFirstToken = "time_to_first_token";
    public const string Activity = "activity";
    public const string Batch = "batch";

    /// <summary>The job waited longer than <c>LlMesh:Dispatch:MaxQueueWait</c> for a slot.</summary>
    public const string Queue = "queue";

    public static readonly string[] All = [TimeToFirstToken, Activity, Batch, Queue];

    public static string Of(Streaming.TimeoutKind kind) => kind switch
    {
        Streaming.TimeoutKind.TimeToFirstToken => TimeToFirstToken,
        Streaming.TimeoutKind.Activity => Activity,
        _ => Batch,
    };
}
