using LlMesh.State;
using LlMesh.State.Credentials;

namespace LlMesh.Gateway.Scheduling;

/// <summary>An API key's say over a request's tier: its default when none is asked for, its ceiling otherwise.</summary>
internal static class PriorityPolicy
{
    /// <summary>False when the request asks above the key's ceiling and the key refuses rather than lowers.</summary>
    public static bool TryApply(Credential key, Priority? requested, out Priority priority)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (requested is null)
        {
            // A request that names no tier gets the key's default, never above its ceiling, and is never refused.
            priority = (Priority)Math.Max((int)key.DefaultPriority, (int)key.MaxPriority);
            return true;
        }

        priority = requested.Value;
        if (priority < key.MaxPriority)
        {
            if (key.RejectAboveMaxPriority)
            {
                return false;
            }

            priority = key.MaxPriority;
        }

        return true;
    }
}
