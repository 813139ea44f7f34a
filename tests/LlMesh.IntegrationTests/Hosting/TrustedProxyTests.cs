using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.Hosting;

/// <summary>
/// Which caller address the gateway believes, seen in the warning it logs for a refused tunnel: the
/// forwarded one only when the request comes from a trusted proxy (here the test itself, on 127.0.0.1).
/// </summary>
public sealed class TrustedProxyTests
{
    private const string ClaimedAddress = "203.0.113.7";

    // The gateway's tunnel path (LlMesh.Tunnel's TunnelProtocol.TunnelPath, which this project does not reference).
    private const string TunnelPath = "_llmesh/tunnel";

    public static TheoryData<string, string?, string> Cases => new()
    {
        // Nothing configured: a forwarded header from anyone is ignored.
        { "none", null, "127.0.0.1" },
        { "Addresses", "127.0.0.1", ClaimedAddress },
        { "Networks", "127.0.0.0/8", ClaimedAddress },

        // A proxy list that does not include the sender: its header is ignored.
        { "Networks", "10.0.0.0/8", "127.0.0.1" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ForwardedFor_IsBelievedFromTrustedProxiesOnly(string setting, string? value, string expectedAddress)
    {
        var environment = new Dictionary<string, string?>();
        if (value is not null)
        {
            environment[$"LlMesh__TrustedProxies__{setting}__0"] = value;
        }

        using var data = new TempDirectory();
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { DataDirectory = data.Path, Environment = environment });

        Assert.Equal(expectedAddress, await RefusedTunnelAddressAsync(gateway));
    }

    [Fact]
    public async Task AspNetCoreForwardedHeadersSwitch_StillWorks()
    {
        // What the compose file and the Kubernetes manifests set (it believes any sender).
        using var data = new TempDirectory();
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            DataDirectory = data.Path,
            Environment = new Dictionary<string, string?> { ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true" },
        });

        Assert.Equal(ClaimedAddress, await RefusedTunnelAddressAsync(gateway));
    }

    [Fact]
    public async Task TrustedListWithTheAspNetCoreSwitch_ReadsTheHeaderOnce()
    {
        // The caller is itself inside a trusted network and adds an entry of its own: one pass takes the
        // rightmost entry (ForwardLimit 1) and stops; a second pass would believe the forged one before it.
        using var data = new TempDirectory();
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            DataDirectory = data.Path,
            Environment = new Dictionary<string, string?>
            {
                ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
                ["LlMesh__TrustedProxies__Networks__0"] = "127.0.0.0/8",
            },
        });

        Assert.Equal("127.0.0.5", await RefusedTunnelAddressAsync(gateway, $"{ClaimedAddress}, 127.0.0.5"));
    }

    [Fact]
    public async Task InvalidNetwork_StopsStartWithAMessageNamingTheSetting()
    {
        using var data = new TempDirectory();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            DataDirectory = data.Path,
            Environment = new Dictionary<string, string?> { ["LlMesh__TrustedProxies__Networks__0"] = "10.0.0.0/33" },
        }));

        Assert.Contains("LlMesh:TrustedProxies:Networks", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A plain GET on the tunnel path (not a WebSocket) is refused; the log names who asked.</summary>
    private static async Task<string> RefusedTunnelAddressAsync(GatewayProcess gateway, string forwardedFor = ClaimedAddress)
    {
        using var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(TunnelPath, UriKind.Relative));
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);
        Assert.Equal(400, (int)response.StatusCode);

        var line = await gateway.WaitForLineAsync(l => l.Contains("Refused a tunnel from ", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var from = line[(line.IndexOf("Refused a tunnel from ", StringComparison.Ordinal) + "Refused a tunnel from ".Length)..];
        return from[..from.IndexOf(' ', StringComparison.Ordinal)];
    }
}
