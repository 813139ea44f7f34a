using System.Collections.Frozen;
using LlMesh.Gateway.Workers;
using LlMesh.State.Aliases;

namespace LlMesh.Gateway.Scheduling;

/// <summary>Turns a requested name into a <see cref="JobTarget"/>: an alias's tiers, or a model a worker serves.</summary>
internal sealed class TargetResolver(IAliasStore aliases, WorkerRegistry registry)
{
    /// <summary>Null when the name is neither an alias nor a model any connected worker serves.</summary>
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

        return registry.ServesModel(name) ? JobTarget.ForModel(name) : null;
    }

    /// <summary>Whether any connected worker that serves the target accepts these modalities.</summary>
    public bool AnyWorkerAccepts(JobTarget target, Modalities modalities)
    {
        foreach (var worker in registry.Workers)
        {
            var accepts = (!modalities.HasFlag(Modalities.Vision) || worker.Vision) && (!modalities.HasFlag(Modalities.Audio) || worker.Audio);
            if (accepts && target.TierOf(worker) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
