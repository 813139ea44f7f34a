using System.Net;
using System.Net.WebSockets;
using LlMesh.Tunnel.Protocol;
using Microsoft.Extensions.Options;

namespace LlMesh.TunnelAgent.Tunnel;

/// <summary>Opens one WebSocket to the gateway's tunnel endpoint, presenting the client token.</summary>
internal sealed class TunnelConnector(IOptions<AgentOptions> options, AgentInstance instance)
{
    public async Task<WebSocket> ConnectAsync(CancellationToken cancellationToken)
    {
        var agent = options.Value;
        GatewayUri.TryCreate(agent.Gateway, out var uri);
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
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
