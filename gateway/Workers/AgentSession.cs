using LlMesh.Gateway.Tunnel;
using LlMesh.Tunnel.Protocol;

namespace LlMesh.Gateway.Workers;

/// <summary>
/// One connected agent process (one instance id): its tunnels, owner and the workers it offers.
/// </summary>
internal sealed class AgentSession(string instanceId, string agentName, string owner, string? version, DateTimeOffset connectedAt)
{
    private static readonly TimeSpan ClaimWait = TimeSpan.FromSeconds(5);
    private readonly Lock _lock = new();
    private readonly List<TunnelConnection> _tunnels = [];
    private TaskCompletionSource _tunnelAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _ended;

    public string InstanceId { get; } = instanceId;

    public string AgentName { get; } = agentName;

    public string Owner { get; } = owner;

    public string? Version { get; } = version;

    public DateTimeOffset ConnectedAt { get; } = connectedAt;

    /// <summary>The client token the agent connected with: once it is revoked or expires, the agent is disconnected.</summary>
    public string? CredentialId { get; init; }

    /// <summary>The agent is shutting down: it finishes running jobs and gets no new ones.</summary>
    public bool Draining { get; set; }

    /// <summary>Cancelled when the last tunnel of the session closes.</summary>
    public CancellationTokenSource Lifetime { get; } = new();

    public IReadOnlyList<Worker> Workers { get; private set; } = [];

    public int TunnelCount
    {
        get
        {
            lock (_lock)
            {
                return _tunnels.Count;
            }
        }
    }

    /// <summary>
    /// Adds a tunnel (<paramref name="first"/>: the session's first). False once the session has ended,
    /// its last tunnel closed: it is being taken out of service, and the tunnel belongs in a new session.
    /// </summary>
    public bool TryAddTunnel(TunnelConnection tunnel, out bool first)
    {
        lock (_lock)
        {
            first = false;
            if (_ended)
            {
                return false;
            }

            _tunnels.Add(tunnel);
            _tunnelAdded.TrySetResult();
            _tunnelAdded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            first = _tunnels.Count == 1;
            return true;
        }
    }

    /// <summary>Removes a tunnel; returns how many are left. The session ends with its last tunnel.</summary>
    public int RemoveTunnel(TunnelConnection tunnel)
    {
        lock (_lock)
        {
            _tunnels.Remove(tunnel);
            _ended |= _tunnels.Count == 0;
            return _tunnels.Count;
        }
    }

    /// <summary>Ends every tunnel now (the agent's token no longer holds); their endpoints take the session out of service.</summary>
    public void CloseTunnels()
    {
        TunnelConnection[] tunnels;
        lock (_lock)
        {
            tunnels = [.. _tunnels];
        }

        foreach (var tunnel in tunnels)
        {
            tunnel.Stream.Dispose();
        }
    }

    public void SetCapabilities(AgentCapabilities capabilities) =>
        Workers = capabilities.Backends.Select(b => new Worker(this, b)).ToArray();

    /// <summary>
    /// Gives the HTTP/2 client a tunnel nobody uses yet, waiting briefly for the agent to open one.
    /// Called by <c>SocketsHttpHandler.ConnectCallback</c>.
    /// </summary>
    public async ValueTask<Stream> ClaimStreamAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Lifetime.Token);
        timeout.CancelAfter(ClaimWait);
        while (true)
        {
            Task added;
            lock (_lock)
            {
                foreach (var tunnel in _tunnels)
                {
                    if (!tunnel.Claimed && !tunnel.Stream.Closed.IsCompleted)
                    {
                        tunnel.Claimed = true;
                        return tunnel.Stream;
                    }
                }

                added = _tunnelAdded.Task;
            }

            try
            {
                await added.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HttpRequestException($"Agent {AgentName} ({InstanceId}) has no free tunnel connection.");
            }
        }
    }
}
