namespace LlMesh.TunnelAgent.Tunnel;

/// <summary>
/// The gateways this agent may connect to (<c>--gateway</c> takes a comma-separated list, e.g. every
/// replica's address), and the one it uses now. When the current one cannot be reached, the next one
/// in the list is tried; all of the agent's tunnels follow, so its slots are never split across replicas.
/// </summary>
internal sealed class GatewayRotation
{
    private readonly Uri[] _tunnelUris;
    private int _current;

    public GatewayRotation(Microsoft.Extensions.Options.IOptions<AgentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tunnelUris = Parse(options.Value.Gateway)
            .Select(g => GatewayUri.TryCreate(g, out var uri) ? uri : throw new ArgumentException($"Not a gateway URL: '{g}'.", nameof(options)))
            .ToArray();
    }

    /// <summary>The tunnel endpoint (<c>ws(s)://…/_llmesh/tunnel</c>) of the gateway in use.</summary>
    public Uri Current => _tunnelUris[Volatile.Read(ref _current) % _tunnelUris.Length];

    public int Count => _tunnelUris.Length;

    /// <summary>Splits the configured value into gateway URLs.</summary>
    public static string[] Parse(string? gateways) =>
        (gateways ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Moves on from <paramref name="failed"/>, unless another tunnel already did.</summary>
    public void Failed(Uri failed)
    {
        var current = Volatile.Read(ref _current);
        if (_tunnelUris.Length > 1 && _tunnelUris[current % _tunnelUris.Length] == failed)
        {
            Interlocked.CompareExchange(ref _current, current + 1, current);
        }
    }
}
