using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using LlMesh.Testing.Processes;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

namespace LlMesh.IntegrationTests;

public sealed class MultipleBackendsTests
{
    [Fact]
    public async Task OneAgent_TwoBackends_EachModelReachesItsBackend_WithTheBackendsOwnKey()
    {
        const string hostedKey = "hosted-api-key-123";
        await using var local = await FakeServer.StartAsync(new FakeLlamaServerOptions { ModelId = "local.gguf" });
        await using var hosted = await FakeServer.StartAsync(new FakeLlamaServerOptions { ModelId = "hosted-model", RequiredApiKey = hostedKey });
        using var data = new TempDirectory();
        await using var gateway = await GatewayProcess.StartAsync(TestMesh.GatewayOptions(data.Path));

        // The key goes with the second --backend (position matters).
        await using var agent = await AgentProcess.StartAsync(
            gateway.BaseAddress,
            TestMesh.ClientToken,
            [local.BaseAddress, hosted.BaseAddress],
            ["--backend-key", "", "--backend-key", hostedKey]);
        using var client = gateway.CreateClient(TestMesh.ApiKey);
        await Eventually.TrueAsync(async () => (await TestMesh.ListModelsAsync(client)).Count == 2, TimeSpan.FromSeconds(20), "both models are listed");

        foreach (var (model, backend) in new[] { ("local.gguf", local), ("hosted-model", hosted) })
        {
            using var response = await client.SendAsync(ChatRequests.Create(model, stream: false, maxTokens: 2));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            Assert.Single(backend.Requests, r => r.Path == "/v1/chat/completions");
        }

        var hostedCall = Assert.Single(hosted.Requests, r => r.Path == "/v1/chat/completions");
        Assert.Equal($"Bearer {hostedKey}", hostedCall.Header("Authorization"));
        var localCall = Assert.Single(local.Requests, r => r.Path == "/v1/chat/completions");
        Assert.Null(localCall.Header("Authorization"));
    }
}
