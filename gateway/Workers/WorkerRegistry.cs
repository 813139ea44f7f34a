using System.Collections.Concurrent;
using LlMesh.Gateway.Tunnel;

namespace LlMesh.Gateway.Workers;

/// <summary>The agents connected to this gateway and the workers they offer.</summary>
internal sealed class WorkerRegistry
{
    private readonly ConcurrentDictionary<string, AgentSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _publishLock = new();
    private volatile IReadOnlyList<Worker> _workers = [];

    /// <summary>Raised (under a lock, in order) with the new worker list whenever it changes.</summary>
    public event Action<IReadOnlyList<Worker>>? WorkersChanged;

    public IReadOnlyList<Worker> Workers => _workers;

    public ICollection<AgentSession> Sessions => _sessions.Values;

    public bool TryGetSession(string instanceId, out AgentSession session) => _sessions.TryGetValue(instanceId, out session!);

    public AgentSession GetOrAddSession(string instanceId, Func<AgentSession> create) => _sessions.GetOrAdd(instanceId, _ => create());

    /// <summary>
    /// Adds <paramref name="tunnel"/> to the session of <paramref name="instanceId"/>, created if there is
    /// none. A session whose last tunnel just closed is still listed until its clean-up runs; a tunnel
    /// that joined it would sit in a session already out of service, so that one is removed here and a new
    /// session started. Null when the instance id belongs to another user.
    /// </summary>
    public AgentSession? JoinSession(string instanceId, string owner, Func<AgentSession> create, TunnelConnection tunnel, out bool first)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(tunnel);
        while (true)
        {
            var session = GetOrAddSession(instanceId, create);
            if (session.Owner != owner)
            {
                first = false;
                return null;
            }

            if (session.TryAddTunnel(tunnel, out first))
            {
                return session;
            }

            RemoveSession(session);
        }
    }

    public void RemoveSession(AgentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_sessions.TryRemove(new KeyValuePair<string, AgentSession>(session.InstanceId, session)))
        {
            session.Lifetime.Cancel();
            Publish();
        }
    }

    public bool ServesModel(string model)
    {
        foreach (var worker in _workers)
        {
            if (worker.Models.Contains(model))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Recomputes the worker list after a session was added, refreshed or removed.</summary>
    public void Publish()
    {
        lock (_publishLock)
        {
            var workers = _sessions.Values.SelectMany(s => s.Workers).ToArray();
            _workers = workers;
            WorkersChanged?.Invoke(workers);
        }
    }
}
