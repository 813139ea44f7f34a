using System.Net;
using System.Net.WebSockets;
using LlMesh.Tunnel.Protocol;
using Microsoft.Extensions.Options;

namespace LlMesh.TunnelAgent.Tunnel;

/// <summary>
/// Opens one WebSocket to the current gateway's tunnel endpoint, presenting the client token; when
/// that gateway cannot be reached, the next configured one is tried on the next attempt.
/// </summary>
internal sealed class TunnelConnector(IOptions<AgentOptions> options, AgentInstance instance, GatewayRotation gateways)
{
    /// <summary>The gateway in use now.</summary>
    public Uri Gateway => gateways.Current;

    public async Task<WebSocket> ConnectAsync(CancellationToken cancellationToken)
    {
        var agent = options.Value;
        var uri = gateways.Current;
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {agent.Token}");
        socket.Options.SetRequestHeader(TunnelProtocol.AgentNameHeader, agent.Name);
        socket.Options.SetRequestHeader(TunnelProtocol.AgentInstanceHeader, instance.Id);
        socket.Options.SetRequestHeader(TunnelProtocol.AgentVersionHeader, AgentVersion.Current);
        socket.Options.KeepAliveInterval = agent.PingInterval;
        socket.Options.KeepAliveTimeout = agent.PingTimeout;
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
            return socket;
        }
        catch (WebSocketException) when (socket.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            throw new TunnelRejectedException(status, $"The gateway at {uri.GetLeftPart(UriPartial.Authority)} refused the client token (HTTP {status}). Check --token / Agent__Token.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            socket.Dispose();
            gateways.Failed(uri);
            throw;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
