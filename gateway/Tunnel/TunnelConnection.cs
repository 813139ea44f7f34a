using LlMesh.Tunnel.Streams;

namespace LlMesh.Gateway.Tunnel;

/// <summary>One WebSocket from an agent, carried as a stream; claimed once by the HTTP/2 client.</summary>
internal sealed class TunnelConnection(string id, WebSocketTunnelStream stream)
{
    public string Id { get; } = id;

    public WebSocketTunnelStream Stream { get; } = stream;

    /// <summary>True once an HTTP/2 connection runs on this tunnel (guarded by the session's lock).</summary>
    public bool Claimed { get; set; }
}
