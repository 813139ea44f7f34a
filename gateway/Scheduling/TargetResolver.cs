using System.Collections.Frozen;
using LlMesh.Gateway.Workers;
using LlMesh.State.Aliases;

namespace LlMesh.Gateway.Scheduling;

/// <summary>Turns a requested name into a <see cref="JobTarget"/>: an alias's tiers, or a model a worker serves.</summary>
internal sealed class TargetResolver(IAliasStore aliases, WorkerRegistry registry, Replicas.ReplicaDirectory replicas)
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

    /// <summary>A connected, healthy worker that serves the target and a given API natively (for calls that need no slot).</summary>
    public Worker? AnyWorkerWithApi(JobTarget target, string api)
    {
        foreach (var worker in registry.Workers)
        {
            if (worker.Healthy && !worker.Agent.Draining && worker.Apis.Contains(api) && target.TierOf(worker) >= 0)
            {
                return worker;
            }
        }

        return null;
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
