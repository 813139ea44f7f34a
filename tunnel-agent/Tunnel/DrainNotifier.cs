using LlMesh.Tunnel.Protocol;
using LlMesh.TunnelAgent.Forwarding;
using Microsoft.Extensions.Options;

namespace LlMesh.TunnelAgent.Tunnel;

/// <summary>
/// On SIGTERM, before Kestrel starts its graceful shutdown, tells the gateway to send this agent no new
/// jobs. Running jobs then finish over the still-open tunnels (up to <see cref="AgentOptions.DrainTimeout"/>).
/// </summary>
internal sealed class DrainNotifier(
    IHttpClientFactory httpClientFactory,
    IOptions<AgentOptions> options,
    AgentInstance instance,
    GatewayRotation gateways,
    InFlightJobs inFlight,
    ILogger<DrainNotifier> logger)
{
    private static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Registered on ApplicationStopping; runs before the server stops.</summary>
    public void Notify()
    {
        AgentLog.Draining(logger, inFlight.Count);
        try
        {
            var agent = options.Value;
            var tunnelUri = gateways.Current;
            var builder = new UriBuilder(tunnelUri) { Scheme = tunnelUri.Scheme == "wss" ? "https" : "http", Path = TunnelProtocol.DrainPath };
            using var request = new HttpRequestMessage(HttpMethod.Post, builder.Uri);
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {agent.Token}");
            request.Headers.TryAddWithoutValidation(TunnelProtocol.AgentInstanceHeader, instance.Id);
            using var http = httpClientFactory.CreateClient(nameof(DrainNotifier));
            http.Timeout = NotifyTimeout;
            using var response = http.Send(request);
            if (!response.IsSuccessStatusCode)
            {
                AgentLog.DrainNotifyFailed(logger, $"HTTP {(int)response.StatusCode}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            AgentLog.DrainNotifyFailed(logger, ex.Message);
        }
    }
}
