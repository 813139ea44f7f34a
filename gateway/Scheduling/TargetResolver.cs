using System.Collections.Frozen;
using LlMesh.Gateway.Workers;
using LlMesh.State.Aliases;
using LlMesh.State.Users;

namespace LlMesh.Gateway.Scheduling;

/// <summary>Turns a requested name into a <see cref="JobTarget"/>: an alias's tiers, or a model a worker serves.</summary>
internal sealed class TargetResolver(IAliasStore aliases, IUserStore users, WorkerRegistry registry, Replicas.ReplicaDirectory replicas)
{
    /// <summary>Null when the name is neither an alias nor a model any connected worker (here or on another replica) serves.</summary>
    public JobTarget? Resolve(string name)
    {
        if (aliases.Find(name) is { } alias)
        {
            var tiers = alias.Tiers
                .Where(t => t.Count > 0)
                .Select(t => t.ToFrozenSet(StringComparer.Ordinal))
                .ToArray();
            return new JobTarget(alias.Name, tiers, isAlias: true);
        }

        return registry.ServesModel(name) || replicas.ServesRemotely(name) ? JobTarget.ForModel(name) : null;
    }

    /// <summary>
    /// A connected, healthy worker that serves the target and a given API natively (for calls that need no
    /// slot, such as counting tokens), that <paramref name="user"/>'s request may reach: the user's own
    /// first, else another owner's where neither side's isolation forbids it (the request carries the
    /// whole conversation, like a job).
    /// </summary>
    public Worker? AnyWorkerWithApi(JobTarget target, string api, string user) =>
        PickWorkerWithApi(registry.Workers, target, api, user, users.Find);

    internal static Worker? PickWorkerWithApi(IReadOnlyList<Worker> workers, JobTarget target, string api, string user, Func<string, UserRecord> users)
    {
        Worker? another = null;
        foreach (var worker in workers)
        {
            if (!worker.Healthy || worker.Agent.Draining || !worker.Apis.Contains(api) || target.TierOf(worker) < 0)
            {
                continue;
            }

            if (worker.Agent.Owner == user)
            {
                return worker;
            }

            if (another is null && !users(user).SendIsolated && !users(worker.Agent.Owner).ReceiveIsolated)
            {
                another = worker;
            }
        }

        return another;
    }

    /// <summary>
    /// Whether any connected worker that serves the target accepts these modalities. A target served on
    /// another replica passes: that replica checks its own workers.
    /// </summary>
    public bool AnyWorkerAccepts(JobTarget target, Modalities modalities)
    {
        foreach (var worker in registry.Workers)
        {
            if ((modalities & ~worker.Supports) == 0 && target.TierOf(worker) >= 0)
            {
                return true;
            }
        }

        return target.Tiers.Any(tier => tier.Any(replicas.ServesRemotely));
    }
}
