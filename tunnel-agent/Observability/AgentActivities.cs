using System.Diagnostics;

namespace LlMesh.TunnelAgent.Observability;

/// <summary>
/// The agent's spans: <c>llmesh.agent.forward</c> for each job it passes to a backend, under the server span
/// whose parent came from the gateway in the request's <c>traceparent</c> header.
/// </summary>
internal static class AgentActivities
{
    public const string SourceName = "LlMesh.TunnelAgent";

    /// <summary>YARP's own source (<c>proxy.forwarder</c> spans).</summary>
    public const string YarpSourceName = "Yarp.ReverseProxy";

    public const string JobIdTag = "llmesh.job_id";
    public const string BackendTag = "llmesh.backend";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartForward(string jobId, string backendId)
    {
        var activity = Source.StartActivity("llmesh.agent.forward");
        activity?.SetTag(JobIdTag, jobId);
        activity?.SetTag(BackendTag, backendId);
        return activity;
    }

    /// <summary>Marks a span as failed, with the reason in words.</summary>
    public static void Failed(Activity? activity, string reason) => activity?.SetStatus(ActivityStatusCode.Error, reason);
}
