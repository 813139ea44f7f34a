using LlMesh.Tunnel.Protocol;

namespace LlMesh.TunnelAgent.Backends;

/// <summary>A configured backend and what discovery last learned about it.</summary>
internal sealed class Backend(string id, BackendOptions options)
{
    public string Id { get; } = id;

    public BackendOptions Options { get; } = options;

    public Uri BaseUri { get; } = new(options.Url.TrimEnd('/') + "/");

    /// <summary>API families found by probing; probed again when the backend comes back after being down.</summary>
    public IReadOnlyList<string>? ProbedApis { get; set; }

    /// <summary>Replaced as a whole by each discovery round.</summary>
    public BackendCapabilities Capabilities { get; set; } = new(id, Healthy: false, Slots: 0, Models: [], Vision: false, Audio: false);
}
