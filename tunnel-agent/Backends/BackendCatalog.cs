using LlMesh.Tunnel.Protocol;
using Microsoft.Extensions.Options;

namespace LlMesh.TunnelAgent.Backends;

/// <summary>The agent's backends, by id.</summary>
internal sealed class BackendCatalog
{
    private readonly Dictionary<string, Backend> _byId;

    public BackendCatalog(IOptions<AgentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        All = options.Value.Backends.Select((b, i) => new Backend(b.IdOrDefault(i), b)).ToArray();
        _byId = All.ToDictionary(b => b.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<Backend> All { get; }

    public bool TryGet(string id, out Backend backend) => _byId.TryGetValue(id, out backend!);

    public AgentCapabilities Snapshot() =>
        new(AgentVersion.Current, All.Select(b => b.Capabilities).ToArray());

    public int TotalSlots => All.Sum(b => b.Capabilities.Slots);
}
