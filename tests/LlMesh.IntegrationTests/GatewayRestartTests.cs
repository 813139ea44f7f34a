using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests;

public sealed class GatewayRestartTests
{
    [Fact]
    public async Task GatewayKilledAndRestarted_KeysAndTokensStillValid_AgentReconnects()
    {
        await using var mesh = await TestMesh.StartAsync(gatewayPort: FreePort.Next());

        // A key created from the command line while the gateway runs is usable at once...
        var (exitCode, stdout, stderr) = await GatewayProcess.RunCliAsync(mesh.Data.Path, "keys", "create", "--user", "bob", "--name", "laptop");
        Assert.True(exitCode == 0, stderr);
        var bobKey = stdout.Trim();
        Assert.StartsWith("sk-", bobKey, StringComparison.Ordinal);
        Assert.DoesNotContain(bobKey, stderr, StringComparison.Ordinal);
        using (var bob = mesh.CreateClient(bobKey))
        {
            await Eventually.TrueAsync(async () => (await bob.GetAsync(new Uri("v1/models", UriKind.Relative))).IsSuccessStatusCode,
                TimeSpan.FromSeconds(5), "the running gateway accepts the new key");
        }

        // ...and every credential survives a hard restart (the new process gets no bootstrap settings).
        await mesh.RestartGatewayAsync(graceful: false);
        await mesh.WaitForModelAsync(present: true, TimeSpan.FromSeconds(30));

        foreach (var key in new[] { TestMesh.ApiKey, bobKey })
        {
            using var client = mesh.CreateClient(key);
            using var response = await client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 2));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        // The key file holds hashes, never the secrets.
        var state = await File.ReadAllTextAsync(Path.Combine(mesh.Data.Path, "state.json"));
        Assert.DoesNotContain(bobKey, state, StringComparison.Ordinal);
        Assert.DoesNotContain(TestMesh.ApiKey, state, StringComparison.Ordinal);
        Assert.DoesNotContain(TestMesh.ClientToken, state, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedKey_IsRefusedByTheRunningGateway()
    {
        await using var mesh = await TestMesh.StartAsync();
        var (_, stdout, _) = await GatewayProcess.RunCliAsync(mesh.Data.Path, "keys", "create", "--user", "carol");
        var key = stdout.Trim();
        using var client = mesh.CreateClient(key);
        await Eventually.TrueAsync(async () => (await client.GetAsync(new Uri("v1/models", UriKind.Relative))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(5), "the key works");

        var (_, list, _) = await GatewayProcess.RunCliAsync(mesh.Data.Path, "keys", "list");
        var id = list.Split('\n').Single(l => l.Contains("carol", StringComparison.Ordinal)).Split('\t')[0];
        var (revokeExit, _, _) = await GatewayProcess.RunCliAsync(mesh.Data.Path, "keys", "revoke", id);
        Assert.Equal(0, revokeExit);

        await Eventually.TrueAsync(async () => (await client.GetAsync(new Uri("v1/models", UriKind.Relative))).StatusCode == System.Net.HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the revoked key is refused");
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
    }
}
