using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.Hosting;

/// <summary>Gateway and agent give heap memory back once they have gone quiet after work (ADR 0011).</summary>
[Trait(PublishedBuilds.Trait, PublishedBuilds.Value)]
public sealed class IdleMemoryTrimTests
{
    private static bool IsTrim(string line) => line.Contains("heap compacted", StringComparison.Ordinal);

    [Fact]
    public async Task GatewayAndAgent_CompactTheirHeaps_AfterStartUp_NotDuringAJob_AndAgainOnceQuiet()
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
        var first = await Task.WhenAll(
            mesh.Gateway.WaitForLineAsync(IsTrim, TimeSpan.FromSeconds(30)),
            mesh.Agent!.WaitForLineAsync(IsTrim, TimeSpan.FromSeconds(30)));
        Assert.All(first, line => Assert.Contains("Idle for 00:00:01", line, StringComparison.Ordinal));

        // Enough work for another trim to be worth it (a megabyte allocated since the last) in both processes,
        // then a slow stream that allocates next to nothing: no trim while it runs, one after it.
        using var client = mesh.CreateClient();
        for (var i = 0; i < 100; i++)
        {
            using var response = await client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 2));
            Assert.Equal(200, (int)response.StatusCode);
        }

        mesh.Backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(500);
        var transcript = await SseTranscript.ReadAsync(client, ChatRequests.Create(mesh.Model, stream: true, maxTokens: 8));
        Assert.Equal("data: [DONE]", transcript.DataBlocks.Last());
        Assert.Equal(1, mesh.Gateway.Output.Split('\n').Count(IsTrim));
        Assert.Equal(1, mesh.Agent.Output.Split('\n').Count(IsTrim));

        await Task.WhenAll(
            mesh.Gateway.WaitForLineAsync(IsTrim, TimeSpan.FromSeconds(30), skip: 1),
            mesh.Agent.WaitForLineAsync(IsTrim, TimeSpan.FromSeconds(30), skip: 1));
    }

    [Fact]
    public async Task NegativeIdleTrimTime_StopsTheGatewayWithTheSettingsName()
    {
        using var data = new TempDirectory();
        var environment = new Dictionary<string, string?> { ["LlMesh__Memory__IdleTrimAfter"] = "-00:00:01" };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(TestMesh.GatewayOptions(data.Path, environment: environment)));
        Assert.Contains("MemoryOptions.IdleTrimAfter: must be between 00:00:00 (off) and 01:00:00.", error.Message, StringComparison.Ordinal);
    }
}
