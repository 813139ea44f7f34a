using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests;

public sealed class AgentRestartTests
{
    [Fact]
    public async Task AgentKilled_ThenStartedAgain_ServesAgainWithoutGatewayRestart()
    {
        await using var mesh = await TestMesh.StartAsync();
        using var client = mesh.CreateClient();
        using (var before = await client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 2)))
        {
            Assert.True(before.IsSuccessStatusCode);
        }

        await mesh.Agent!.KillAsync();
        await mesh.WaitForModelAsync(present: false);
        using (var meanwhile = await client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 2)))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, meanwhile.StatusCode);
        }

        await mesh.Agent.DisposeAsync();
        await mesh.StartAgentAsync();

        using var after = await client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 2));
        Assert.True(after.IsSuccessStatusCode, await after.Content.ReadAsStringAsync());
        Assert.False(mesh.Gateway.HasExited);
    }

    [Fact]
    public async Task AgentGivenATokenFile_ConnectsAndServes()
    {
        await using var mesh = await TestMesh.StartAsync();
        await mesh.Agent!.KillAsync();
        await mesh.WaitForModelAsync(present: false);

        // As a secret mounted by Docker or Kubernetes: the token and a trailing newline.
        var tokenFile = Path.Combine(mesh.Data.Path, "agent-token");
        await File.WriteAllTextAsync(tokenFile, TestMesh.ClientToken + "\n");
        await using var agent = await AgentProcess.StartAsync(mesh.Gateway.BaseAddress, token: null, [mesh.Backend.BaseAddress], ["--token-file", tokenFile]);
        await mesh.WaitForModelAsync(present: true);

        using var client = mesh.CreateClient();
        using var answer = await client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 2));
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
    }
}
