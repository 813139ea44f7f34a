using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.Hosting;

/// <summary>Gateway and agent give heap memory back once they have gone quiet after work (ADR 0011).</summary>
[Trait(PublishedBuilds.Trait, PublishedBuilds.Value)]
public sealed class IdleMemoryTrimTests
{
    private const string Compacted = "heap compacted";

    [Fact]
    public async Task GatewayAndAgent_CompactTheirHeaps_OnceQuietAfterARequest()
    {
        var gateway = new Dictionary<string, string?>
        {
            ["LlMesh__Memory__IdleTrimAfter"] = "00:00:01",
            ["Logging__LogLevel__LlMesh.Configuration.Memory"] = "Debug",
        };
        var agent = new Dictionary<string, string?>
        {
            ["Agent__Memory__IdleTrimAfter"] = "00:00:01",
            ["Logging__LogLevel__LlMesh.Configuration.Memory"] = "Debug",
        };
        await using var mesh = await TestMesh.StartAsync(gatewayEnvironment: gateway, agentEnvironment: agent);
        using var client = mesh.CreateClient();
        using (var response = await client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 2)))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        var gatewayLine = await mesh.Gateway.WaitForLineAsync(l => l.Contains(Compacted, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        var agentLine = await mesh.Agent!.WaitForLineAsync(l => l.Contains(Compacted, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.Contains("Idle for 00:00:01", gatewayLine, StringComparison.Ordinal);
        Assert.Contains("Idle for 00:00:01", agentLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NegativeIdleTrimTime_StopsTheGatewayWithTheSettingsName()
    {
        using var data = new TempDirectory();
        var environment = new Dictionary<string, string?> { ["LlMesh__Memory__IdleTrimAfter"] = "-00:00:01" };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(TestMesh.GatewayOptions(data.Path, environment: environment)));
        Assert.Contains("MemoryOptions.IdleTrimAfter: must be between 00:00:00 (off) and 1.00:00:00.", error.Message, StringComparison.Ordinal);
    }
}
