using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using LlMesh.Testing.Processes;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

namespace LlMesh.IntegrationTests.Admin;

public sealed class RevokedTokenTests
{
    [Fact]
    public async Task RevokingAClientToken_DisconnectsTheAgentUsingIt_AndItCannotComeBack()
    {
        using var data = new TempDirectory();
        await using var backend = await FakeServer.StartAsync(new FakeLlamaServerOptions { Slots = 1 });
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            DataDirectory = data.Path,
            Environment = new Dictionary<string, string?> { ["LlMesh__Tunnel__CapabilitiesRefreshInterval"] = "00:00:01" },
        });
        using var admin = await PortalClient.SetUpAdminAsync(gateway);
        var (tokenId, token) = await CreateAsync(admin, "tokens");
        var (_, key) = await CreateAsync(admin, "keys");
        using var v1 = gateway.CreateClient(key);
        await using var agent = await AgentProcess.StartAsync(gateway.BaseAddress, token, [backend.BaseAddress]);
        await Eventually.TrueAsync(async () => (await v1.GetStringAsync("v1/models")).Contains(backend.Options.ModelId, StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the agent's model is listed");

        using (var revoke = await admin.SendAsync(HttpMethod.Delete, $"tokens/{tokenId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        // Within a capabilities refresh the gateway ends the agent's tunnels; its redials are refused.
        await gateway.WaitForLineAsync(l => l.Contains($"client token {tokenId} was revoked", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(async () => !(await v1.GetStringAsync("v1/models")).Contains(backend.Options.ModelId, StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the agent's model is gone");
        await agent.WaitForLineAsync(l => l.Contains("401", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    private static async Task<(string Id, string Secret)> CreateAsync(PortalClient admin, string path)
    {
        using var created = await admin.SendAsync(HttpMethod.Post, path, new { name = "rig" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("credential").GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }
}
