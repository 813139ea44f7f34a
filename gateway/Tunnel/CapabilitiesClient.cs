using System.Net.Http.Json;
using LlMesh.Gateway.Workers;
using LlMesh.Tunnel.Protocol;

namespace LlMesh.Gateway.Tunnel;

/// <summary>Asks an agent, over its tunnel, which backends, models and slots it has.</summary>
internal sealed class CapabilitiesClient(TunnelClient tunnelClient) : IDisposable
{
    private readonly HttpClient _http = CreateHttpClient(tunnelClient);

    public async Task<AgentCapabilities> GetAsync(AgentSession session, CancellationToken cancellationToken)
    {
        var uri = new Uri(TunnelClient.BaseAddressOf(session), TunnelProtocol.CapabilitiesPath);

        // Buffered by the client, which stops (HttpRequestException) at MaxResponseContentBufferSize.
        using var response = await _http.GetAsync(uri, cancellationToken);
        response.EnsureSuccessStatusCode();
        var capabilities = await response.Content.ReadFromJsonAsync(TunnelJsonContext.Default.AgentCapabilities, cancellationToken);
        return CapabilitiesLimits.Check(capabilities);
    }

    private static HttpClient CreateHttpClient(TunnelClient tunnelClient)
    {
        var http = tunnelClient.CreateHttpClient(TimeSpan.FromSeconds(15));
        http.MaxResponseContentBufferSize = CapabilitiesLimits.MaxBytes;
        return http;
    }

    public void Dispose() => _http.Dispose();
}
