using System.Collections.Frozen;

namespace LlMesh.Gateway.Scheduling;

/// <summary>
/// What a job may run on: the requested name and, in preference order, the tiers of real models that
/// serve it (one tier with the model itself for a plain model name).
/// </summary>
internal sealed class JobTarget(string name, IReadOnlyList<FrozenSet<string>> tiers, bool isAlias)
{
    public string Name { get; } = name;

    public IReadOnlyList<FrozenSet<string>> Tiers { get; } = tiers;

    public bool IsAlias { get; } = isAlias;

    public static JobTarget ForModel(string model) => new(model, [new[] { model }.ToFrozenSet(StringComparer.Ordinal)], isAlias: false);

    /// <summary>The most preferred tier this worker serves, or -1 when it serves none of the target.</summary>
    public int TierOf(Workers.Worker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        for (var i = 0; i < Tiers.Count; i++)
        {
            foreach (var model in Tiers[i])
            {
                if (worker.Models.Contains(model))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>The model name the worker should be asked for: the first of the target it serves.</summary>
    public string ModelFor(Workers.Worker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        foreach (var tier in Tiers)
        {
            foreach (var model in tier)
            {
                if (worker.Models.Contains(model))
                {
                    return model;
                }
            }
        }

        return Name;
    }
}
