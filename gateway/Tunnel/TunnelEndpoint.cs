using System.Net.WebSockets;
using LlMesh.Gateway.Authentication;
using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Workers;
using LlMesh.State.Credentials;
using LlMesh.State.Documents;
using LlMesh.Tunnel.Protocol;
using LlMesh.Tunnel.Streams;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Tunnel;

/// <summary>
/// Accepts an agent's WebSocket (client token required), turns it into a stream for the HTTP/2
/// client, and keeps the request open for as long as the tunnel lives.
/// </summary>
internal sealed class TunnelEndpoint(
    ICredentialStore credentials,
    StateStore state,
    WorkerRegistry registry,
    AgentSessionRunner sessionRunner,
    JobScheduler scheduler,
    IOptions<TunnelOptions> options,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<TunnelEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var remoteIp = context.Connection.RemoteIpAddress?.ToString();
        var agentName = context.Request.Headers[TunnelProtocol.AgentNameHeader].ToString();
        var instanceId = context.Request.Headers[TunnelProtocol.AgentInstanceHeader].ToString();

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "not a WebSocket request", remoteIp, agentName);
            return;
        }

        if (!state.IsAvailable)
        {
            // Not a verdict on the token: the agent retries with backoff instead of stopping.
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, "state store unavailable", remoteIp, agentName);
            return;
        }

        var secret = ApiKeyAuthenticationHandler.ReadPresentedKey(context.Request);
        var credential = secret is null ? null : await credentials.FindBySecretAsync(CredentialKind.ClientToken, secret, context.RequestAborted);
        if (credential is null)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, secret is null ? "no client token" : "invalid client token", remoteIp, agentName);
            return;
        }

        if (!TunnelProtocol.IsValidAgentName(agentName) || !TunnelProtocol.IsValidInstanceId(instanceId))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "missing or malformed agent name or instance id", remoteIp, agentName);
            return;
        }

        // Refused before the upgrade when it can be; JoinSession checks again for a session created meanwhile.
        const string NotTheOwner = "instance id belongs to another user";
        if (registry.TryGetSession(instanceId, out var existing) && existing.Owner != credential.User)
        {
            await RefuseAsync(context, StatusCodes.Status409Conflict, NotTheOwner, remoteIp, agentName);
            return;
        }

        var tunnelOptions = options.Value;
        var webSocket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = tunnelOptions.PingInterval,
            KeepAliveTimeout = tunnelOptions.PingTimeout,
        });
        await using var stream = new WebSocketTunnelStream(webSocket);
        var tunnel = new TunnelConnection(context.TraceIdentifier, stream);
        var session = registry.JoinSession(
            instanceId,
            credential.User,
            () => new AgentSession(instanceId, agentName, credential.User, context.Request.Headers[TunnelProtocol.AgentVersionHeader].ToString(), timeProvider.GetUtcNow())
            {
                CredentialId = credential.Id,
            },
            tunnel,
            out var first);
        if (session is null)
        {
            // Rare (a session created between the check above and now); the agent sees a dropped tunnel and redials.
            TunnelLog.TunnelRefused(logger, remoteIp, agentName, NotTheOwner);
            try
            {
                await webSocket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, NotTheOwner, context.RequestAborted);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Gone already.
            }

            return;
        }

        TunnelLog.TunnelOpened(logger, session.AgentName, session.InstanceId, session.Owner, tunnel.Id);
        if (first)
        {
            sessionRunner.Start(session);
        }

        // Ends the drain wait with the tunnel: left waiting on ApplicationStopping, every closed tunnel
        // would keep its wait and its ended session in memory until the gateway stops.
        using var tunnelEnded = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        try
        {
            await Task.WhenAny(stream.Closed, DrainedAsync(session, tunnelEnded.Token)).WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The connection dropped; the tunnel ends here.
        }
        finally
        {
            await tunnelEnded.CancelAsync();
            var remaining = session.RemoveTunnel(tunnel);
            TunnelLog.TunnelClosed(logger, tunnel.Id, session.AgentName, remaining);
            if (remaining == 0)
            {
                registry.RemoveSession(session);
            }
        }
    }

    /// <summary>Completes once the gateway is stopping and nothing runs on this agent any more (or the tunnel ended).</summary>
    private async Task DrainedAsync(AgentSession session, CancellationToken tunnelEnded)
    {
        using var stoppingOrEnded = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping, tunnelEnded);
        await Task.Delay(Timeout.Infinite, stoppingOrEnded.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
        try
        {
            while (scheduler.InFlightOn(session) > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, tunnelEnded);
            }
        }
        catch (OperationCanceledException)
        {
            // The tunnel ended first.
        }
    }

    private Task RefuseAsync(HttpContext context, int status, string reason, string? remoteIp, string? agentName)
    {
        // The token itself is never logged.
        TunnelLog.TunnelRefused(logger, remoteIp, string.IsNullOrEmpty(agentName) ? "?" : agentName, reason);
        context.Response.StatusCode = status;
        return context.Response.WriteAsync(reason, context.RequestAborted);
    }
}
