using LlMesh.State;

namespace LlMesh.Gateway.Scheduling;

/// <summary>
/// Deficit counters for fair share inside a tier: each dispatch charges the user one unit; the user
/// with the smallest count goes next. A user who starts waiting again starts level with the
/// least-served active user: idling banks no credit, and earlier use of idle capacity costs none.
/// </summary>
internal sealed class FairShareLedger
{
    private readonly Dictionary<string, long>[] _served = [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];

    public long Served(Priority priority, string user) => _served[(int)priority].GetValueOrDefault(user);

    public void Charge(Priority priority, string user)
    {
        var served = _served[(int)priority];
        served[user] = served.GetValueOrDefault(user) + 1;
    }

    /// <summary>Called when a user starts waiting in a tier where others already wait.</summary>
    public void Activate(Priority priority, string user, IEnumerable<string> otherActiveUsers)
    {
        ArgumentNullException.ThrowIfNull(otherActiveUsers);
        var served = _served[(int)priority];
        long? floor = null;
        foreach (var other in otherActiveUsers)
        {
            if (other != user)
            {
                var count = served.GetValueOrDefault(other);
                floor = floor is null ? count : Math.Min(floor.Value, count);
            }
        }

        if (floor is { } f)
        {
            served[user] = f;
        }
    }
}
