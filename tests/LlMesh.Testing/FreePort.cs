using System.Net;
using System.Net.Sockets;

namespace LlMesh.Testing;

public static class FreePort
{
    /// <summary>A loopback port that was free a moment ago (for a process that must come back on the same port).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
