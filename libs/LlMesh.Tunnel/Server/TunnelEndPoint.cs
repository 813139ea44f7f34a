using System.Net;

namespace LlMesh.Tunnel.Server;

/// <summary>
/// A Kestrel endpoint whose connections are not accepted from a socket but dialled out
/// to the gateway and handed to Kestrel by <see cref="TunnelConnectionListenerFactory"/>.
/// </summary>
public sealed class TunnelEndPoint(string name) : EndPoint
{
    public string Name { get; } = name;

    public override string ToString() => $"tunnel://{Name}";
}
