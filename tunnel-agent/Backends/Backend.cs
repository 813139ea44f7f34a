using LlMesh.Tunnel.Protocol;

namespace LlMesh.TunnelAgent.Backends;

/// <summary>A configured backend and what discovery last learned about it.</summary>
internal sealed class Backend(string id, BackendOptions options)
{
    private readonly Lock _lock = new();
    private long _failures;

    public string Id { get; } = id;

    public BackendOptions Options { get; } = options;

    public Uri BaseUri { get; } = new(options.Url.TrimEnd('/') + "/");

    /// <summary>API families found by probing; probed again when the backend comes back after being down.</summary>
    public IReadOnlyList<string>? ProbedApis { get; set; }

    /// <summary>Replaced as a whole by each discovery round; marked unhealthy when a job could not reach the backend.</summary>
    public BackendCapabilities Capabilities { get; private set; } = new(id, Healthy: false, Slots: 0, Models: [], Vision: false, Audio: false);

    /// <summary>How many times a job found the backend unreachable; a discovery round notes it when it starts.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>A job could not reach the backend: unhealthy until a discovery round that starts after this says otherwise.</summary>
    public void MarkUnreachable()
    {
        lock (_lock)
        {
            _failures++;
            Capabilities = Capabilities with { Healthy = false };
        }
    }

    /// <summary>
    /// Takes a discovery round's result, unless a job found the backend unreachable after the round
    /// started (<paramref name="failuresAtStart"/>): the round may have looked before it went down.
    /// </summary>
    public bool TryTakeDiscovered(BackendCapabilities discovered, long failuresAtStart)
    {
        lock (_lock)
        {
            if (_failures != failuresAtStart && discovered.Healthy)
            {
                return false;
            }

            Capabilities = discovered;
            return true;
        }
    }
}
