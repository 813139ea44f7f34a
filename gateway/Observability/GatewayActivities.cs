using System.Diagnostics;
using LlMesh.Gateway.Scheduling;
using LlMesh.State;
using Microsoft.AspNetCore.Http.Features;

namespace LlMesh.Gateway.Observability;

/// <summary>
/// The gateway's spans. A request's trace: the server span (ASP.NET Core), YARP's <c>proxy.forwarder</c>,
/// <c>llmesh.queue</c> while it waits for a slot, one <c>llmesh.forward</c> per attempt with HttpClient's span
/// under it, then the agent's
/// spans on the far side of the tunnel (the W3C <c>traceparent</c> header crosses it like any other header).
/// </summary>
internal static class GatewayActivities
{
    public const string SourceName = "LlMesh.Gateway";

    /// <summary>YARP's own source (<c>proxy.forwarder</c> spans).</summary>
    public const string YarpSourceName = "Yarp.ReverseProxy";

    public const string JobIdTag = "llmesh.job_id";
    public const string ModelTag = "llmesh.model";
    public const string TierTag = "llmesh.tier";
    public const string WorkerTag = "llmesh.worker";
    public const string ReplicaTag = "llmesh.replica";
    public const string AttemptTag = "llmesh.attempt";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Names the job on the request's own span (ASP.NET Core's, not YARP's under it), so a trace can be found by job id.</summary>
    public static void TagRequest(HttpContext context, Job job)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(job);
        if ((context.Features.Get<IHttpActivityFeature>()?.Activity ?? Activity.Current) is { IsAllDataRequested: true } current)
        {
            current.SetTag(JobIdTag, job.Id);
            current.SetTag(ModelTag, job.Target.Name);
            current.SetTag(TierTag, job.Priority.Name());
        }
    }

    public static Activity? StartQueue(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var activity = Source.StartActivity("llmesh.queue");
        activity?.SetTag(JobIdTag, job.Id);
        activity?.SetTag(ModelTag, job.Target.Name);
        activity?.SetTag(TierTag, job.Priority.Name());
        return activity;
    }

    /// <summary>One forwarding attempt, to a worker or to another replica.</summary>
    public static Activity? StartForward(Job job, int attempt, string? workerId, string? replicaId)
    {
        ArgumentNullException.ThrowIfNull(job);
        var activity = Source.StartActivity("llmesh.forward", ActivityKind.Internal);
        activity?.SetTag(JobIdTag, job.Id);
        activity?.SetTag(AttemptTag, attempt + 1);
        activity?.SetTag(WorkerTag, workerId);
        activity?.SetTag(ReplicaTag, replicaId);
        return activity;
    }

    /// <summary>Marks a span as failed, with the reason in words.</summary>
    public static void Failed(Activity? activity, string reason) => activity?.SetStatus(ActivityStatusCode.Error, reason);
}
