namespace LlMesh.TunnelAgent.Tunnel;

/// <summary>The gateway refused the client token: retrying cannot help, so the agent stops.</summary>
internal sealed class TunnelRejectedException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
