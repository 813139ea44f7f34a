using System.Globalization;
using System.Net;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using LlMesh.Testing.Processes;
using LlMesh.Testing.Redis;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

namespace LlMesh.IntegrationTests.Replicas;

/// <summary>
/// Replica B, which holds the only agent, is killed while callers on replica A have jobs queued there.
/// The agent (given both gateways' addresses) moves to A, and every one of A's jobs is answered.
/// </summary>
public sealed class ReplicaFailureTests : IAsyncLifetime
{
    private const string ApiKey = "sk-test-replica-kill-0123456789abcdef";
    private const string ClientToken = "ct-test-replica-kill-0123456789abcdef";
    private readonly TempDirectory _dataA = new();
    private readonly TempDirectory _dataB = new();
    private readonly string _prefix = RedisFixture.UniquePrefix();
    private RedisServer _redis = null!;
    private FakeServer _backend = null!;
    private GatewayProcess _a = null!;
    private GatewayProcess _b = null!;
    private AgentProcess? _agent;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _backend = await FakeServer.StartAsync(new FakeLlamaServerOptions { Slots = 1 });
        _a = await StartGatewayAsync(_dataA, "replica-a");
        _b = await StartGatewayAsync(_dataB, "replica-b");
    }

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _backend.DisposeAsync();
        await _redis.DisposeAsync();
        _dataA.Dispose();
        _dataB.Dispose();
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

    private async Task<GatewayProcess> StartGatewayAsync(TempDirectory data, string replicaId)
    {
        var port = FreePort.Next();
        return await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            DataDirectory = data.Path,
            Port = port,
            ApiKeys = [new TestCredential(ApiKey, "alice")],
            ClientTokens = [new TestCredential(ClientToken, "alice")],
            Environment = new Dictionary<string, string?>
            {
                ["ConnectionStrings__Redis"] = _redis.Endpoint,
                ["LlMesh__Redis__KeyPrefix"] = _prefix,
                ["LlMesh__Mesh__ReplicaId"] = replicaId,
                ["LlMesh__Mesh__InternalUrl"] = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
                ["LlMesh__Mesh__Secret"] = "mesh-secret-for-tests-0123456789abcdef",
                ["LlMesh__Mesh__AnnounceInterval"] = "00:00:00.200",
                ["LlMesh__Mesh__ReplicaTimeToLive"] = "00:00:01",
            },
        });
    }
}
