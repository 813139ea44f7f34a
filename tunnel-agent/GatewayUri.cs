using LlMesh.Tunnel.Protocol;

namespace LlMesh.TunnelAgent;

/// <summary>Turns the gateway URL a user gives into the WebSocket URL of its tunnel endpoint.</summary>
internal static class GatewayUri
{
    public static bool TryCreate(string? value, out Uri tunnelUri)
    {
        tunnelUri = null!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var scheme = uri.Scheme switch
        {
            "http" or "ws" => "ws",
            "https" or "wss" => "wss",
            _ => null,
        };
        if (scheme is null)
        {
            return false;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith(TunnelProtocol.TunnelPath, StringComparison.Ordinal))
        {
            path += TunnelProtocol.TunnelPath;
        }

        tunnelUri = new UriBuilder(uri) { Scheme = scheme, Path = path, Port = uri.IsDefaultPort ? -1 : uri.Port }.Uri;
        return true;
    }
}
