using LlMesh.Gateway.Workers;
using LlMesh.State.Credentials;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Tunnel;

/// <summary>
/// Brings a newly connected agent into service (reads its capabilities, publishes its workers) and
/// refreshes them periodically until its last tunnel closes; disconnects it at the first refresh after
/// its client token was revoked or expired.
/// </summary>
internal sealed class AgentSessionRunner(
    CapabilitiesClient capabilitiesClient,
    ICredentialStore credentials,
    WorkerRegistry registry,
    IOptions<TunnelOptions> options,
    TimeProvider timeProvider,
    ILogger<AgentSessionRunner> logger)
{
    public void Start(AgentSession session) => _ = RunAsync(session);

    private async Task RunAsync(AgentSession session)
    {
        var token = session.Lifetime.Token;
        var refresh = options.Value.CapabilitiesRefreshInterval;
        var first = true;
        while (!token.IsCancellationRequested)
        {
            try
            {
                if (session.CredentialId is { } credentialId && await credentials.FindByIdAsync(credentialId, token) is null)
                {
                    TunnelLog.TokenEnded(logger, session.AgentName, session.InstanceId, credentialId);
                    session.CloseTunnels();
                    return;
                }

                var capabilities = await capabilitiesClient.GetAsync(session, token);
                session.SetCapabilities(capabilities);
                if (first && logger.IsEnabled(LogLevel.Information))
                {
                    var models = string.Join(", ", capabilities.Backends.SelectMany(b => b.Models).Select(m => m.Id).Distinct());
                    var slots = capabilities.Backends.Sum(b => b.Slots);
                    TunnelLog.CapabilitiesReceived(logger, session.AgentName, capabilities.Backends.Count, models, slots);
                }

                first = false;
                registry.Publish();
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException or System.Text.Json.JsonException)
            {
                TunnelLog.CapabilitiesFailed(logger, ex, session.AgentName, session.InstanceId);
            }

            try
            {
                await Task.Delay(refresh, timeProvider, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
