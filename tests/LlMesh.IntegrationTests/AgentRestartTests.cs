using LlMesh.Testing;

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
}
