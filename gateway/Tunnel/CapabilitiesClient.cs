using System.Net.Http.Json;
using LlMesh.Gateway.Workers;
using LlMesh.Tunnel.Protocol;

namespace LlMesh.Gateway.Tunnel;

/// <summary>Asks an agent, over its tunnel, which backends, models and slots it has.</summary>
internal sealed class CapabilitiesClient(TunnelClient tunnelClient) : IDisposable
{
    private readonly HttpClient _http = tunnelClient.CreateHttpClient(TimeSpan.FromSeconds(15));

    public async Task<AgentCapabilities> GetAsync(AgentSession session, CancellationToken cancellationToken)
    {
        var uri = new Uri(TunnelClient.BaseAddressOf(session), TunnelProtocol.CapabilitiesPath);
        var capabilities = await _http.GetFromJsonAsync(uri, TunnelJsonContext.Default.AgentCapabilities, cancellationToken);
        return capabilities ?? throw new InvalidOperationException("The agent sent empty capabilities.");
    }

    public void Dispose() => _http.Dispose();
}
