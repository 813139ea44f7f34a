using System.Globalization;
using System.Net;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using LlMesh.Testing.Processes;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

namespace LlMesh.IntegrationTests.Replicas;

/// <summary>
/// Replica B, which holds the only agent, is killed while callers on replica A have jobs queued there.
/// The agent (given both gateways' addresses) moves to A, and every one of A's jobs is answered.
/// </summary>
public sealed class ReplicaFailureTests : IAsyncLifetime
{
    private const string ApiKey = ReplicaSet.ApiKey;
    private const string ClientToken = ReplicaSet.ClientToken;
    private ReplicaSet _replicas = null!;
    private FakeServer _backend = null!;
    private GatewayProcess _a = null!;
    private GatewayProcess _b = null!;
    private AgentProcess? _agent;

    public async Task InitializeAsync()
    {
        _replicas = await ReplicaSet.StartRedisAsync();
        _backend = await FakeServer.StartAsync(new FakeLlamaServerOptions { Slots = 1 });
        _a = await _replicas.StartGatewayAsync("replica-a");
        _b = await _replicas.StartGatewayAsync("replica-b");
    }

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        await _replicas.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task KillReplicaB_WithJobsFromAQueuedThere_NoJobIsLost_AndTheAgentMovesToA()
    {
        const int Jobs = 6;
        _agent = await AgentProcess.StartAsync(_b.BaseAddress, ClientToken, [_backend.BaseAddress], fallbackGateways: [_a.BaseAddress]);
        using var client = _a.CreateClient(ApiKey);
        client.Timeout = TimeSpan.FromSeconds(90);
        await Eventually.TrueAsync(
            async () => (await client.GetStringAsync("v1/models")).Contains(_backend.Options.ModelId, StringComparison.Ordinal),
            TimeSpan.FromSeconds(15),
            "A knows B serves the model");
        _backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(100);

        var calls = Enumerable.Range(0, Jobs)
            .Select(i => client.SendAsync(ChatRequests.Create(_backend.Options.ModelId, stream: false, maxTokens: 5, content: $"job-{i}")))
            .ToArray();
        await _backend.WaitForRequestAsync(r => r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(
            () => Task.FromResult(_a.Output.Split('\n').Count(l => l.Contains("relayed to replica replica-b", StringComparison.Ordinal)) == Jobs),
            TimeSpan.FromSeconds(10),
            "A has relayed every job to B, where all but one wait in the queue");

        await _b.KillAsync();

        foreach (var call in calls)
        {
            using var response = await call;
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        for (var i = 0; i < Jobs; i++)
        {
            Assert.Contains(_backend.Requests, r => r.Body.Contains($"job-{i}", StringComparison.Ordinal) && r.Outcome == RequestOutcome.Completed);
        }

        Assert.Contains(_agent.Output.Split('\n'), l => l.Contains("connected to ws://127.0.0.1:" + _a.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }
}
