using LlMesh.Gateway.Admin;
using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Workers;
using LlMesh.State;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LlMesh.Gateway.Live;

/// <summary><c>GET /admin/api/live</c>: members see every worker and their own jobs; admins see all jobs.</summary>
internal static class LiveEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/live", Snapshot).RequireAuthorization(AdminDefaults.MemberPolicy);
    }

    private static Ok<LiveView> Snapshot(HttpContext context, WorkerRegistry registry, JobScheduler scheduler, LiveJobs live, TimeProvider timeProvider)
    {
        var now = timeProvider.GetUtcNow();
        var user = context.User.Name();
        bool Visible(string owner) => context.User.IsAdmin() || owner == user;

        var workers = registry.Workers
            .Select(w => new LiveWorker(
                w.Id, w.Agent.AgentName, w.Agent.Owner, w.Agent.Version, [.. w.Models.Order(StringComparer.Ordinal)], w.Slots, scheduler.InFlight(w),
                w.Healthy, w.Agent.Draining, w.Agent.ConnectedAt))
            .OrderBy(w => w.Id, StringComparer.Ordinal)
            .ToList();
        var queue = scheduler.QueuedJobs()
            .Where(j => Visible(j.User))
            .Select(j => new QueuedJobView(j.Id, j.User, j.Target.Name, j.Priority.Name(), j.EnqueuedAt, (now - j.EnqueuedAt).TotalSeconds))
            .ToList();
        var running = live.Running.Where(j => Visible(j.User)).OrderBy(j => j.StartedAt).ToList();
        var errors = live.RecentErrors.Where(e => Visible(e.User)).ToList();
        return TypedResults.Ok(new LiveView(now, workers, queue, running, errors));
    }
}
