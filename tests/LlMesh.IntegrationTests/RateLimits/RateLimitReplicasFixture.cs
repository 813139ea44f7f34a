using LlMesh.FakeLlamaServer;
using LlMesh.IntegrationTests.Replicas;
using LlMesh.Testing;
using LlMesh.Testing.Processes;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

namespace LlMesh.IntegrationTests.RateLimits;

/// <summary>
/// Two gateway replicas on one real redis-server, the only agent on B (so callers on A are relayed),
/// and keys with limits, bootstrapped on both replicas.
/// </summary>
public sealed class RateLimitReplicasFixture : IAsyncLifetime
{
    public const string RequestLimitedKey = "sk-test-rpm-limited-0123456789abcdef";
    public const string TokenLimitedKey = "sk-test-tpm-limited-0123456789abcdef";
    public const int RequestsPerMinute = 4;
    public const int TokensPerMinute = 60;
    public const string TokenLimitedUser = "tina";

    private ReplicaSet _replicas = null!;
    private AgentProcess _agent = null!;

    public FakeServer Backend { get; private set; } = null!;

    public GatewayProcess A { get; private set; } = null!;

    public GatewayProcess B { get; private set; } = null!;

    public string Model => Backend.Options.ModelId;

    public async Task InitializeAsync()
    {
        _replicas = await ReplicaSet.StartRedisAsync();
        Backend = await FakeServer.StartAsync(new FakeLlamaServerOptions { Slots = 2 });
        TestCredential[] keys =
        [
            new(ReplicaSet.ApiKey, "alice"),
            new(RequestLimitedKey, "rita", RequestsPerMinute: RequestsPerMinute),
            new(TokenLimitedKey, TokenLimitedUser, TokensPerMinute: TokensPerMinute),
        ];
        A = await _replicas.StartGatewayAsync("replica-a", keys);
        B = await _replicas.StartGatewayAsync("replica-b", keys);
        _agent = await AgentProcess.StartAsync(B.BaseAddress, ReplicaSet.ClientToken, [Backend.BaseAddress]);
        using var client = A.CreateClient(ReplicaSet.ApiKey);
        await Eventually.TrueAsync(
            async () => (await client.GetStringAsync("v1/models")).Contains(Model, StringComparison.Ordinal),
            TimeSpan.FromSeconds(15),
            "A lists the model B's agent serves");
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _replicas.DisposeAsync();
        await Backend.DisposeAsync();
    }
}
