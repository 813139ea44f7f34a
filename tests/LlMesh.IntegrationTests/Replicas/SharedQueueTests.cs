using System.Net;
using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.Replicas;

/// <summary>
/// One queue over the mesh: two gateway processes, one redis-server, an agent with one slot on each
/// replica for the same model. Callers on both replicas queue jobs of mixed tiers; whichever slot frees,
/// the next job in the mesh-wide line runs there — high before normal before low, first come first
/// served within a tier — whichever replica the caller and the agent are on.
/// </summary>
public sealed class SharedQueueTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> HighTierKey = new() { ["LlMesh__Bootstrap__ApiKeys__0__MaxPriority"] = "High" };
    private AgentOnEachReplica _mesh = null!;

    public async Task InitializeAsync() => _mesh = await AgentOnEachReplica.StartAsync(HighTierKey);

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    [Fact]
    public async Task CallersOnBothReplicas_MixedTiers_TheMeshRunsThemInOneGlobalOrder()
    {
        var (model, a, b, backendA, backendB) = (_mesh.Model, _mesh.A, _mesh.B, _mesh.BackendA, _mesh.BackendB);
        using var clientA = a.CreateClient(ReplicaSet.ApiKey);
        using var clientB = b.CreateClient(ReplicaSet.ApiKey);
        clientA.Timeout = clientB.Timeout = TimeSpan.FromSeconds(120);
        await Eventually.TrueAsync(async () => await QueuedAsync(clientA, model) is { Total: 1 }, TimeSpan.FromSeconds(15), "A's agent is connected");
        await Eventually.TrueAsync(async () => await QueuedAsync(clientB, model) is { Total: 1 }, TimeSpan.FromSeconds(15), "B's agent is connected");
        foreach (var backend in new[] { backendA, backendB })
        {
            backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(100);
            backend.Behavior.DefaultTokens = 100; // max_tokens decides each job's length
        }

        // Both slots busy (long enough for all arrivals); B's frees half a second after A's (a job takes 2 s), so every later dispatch happens alone.
        var calls = new List<Task<HttpResponseMessage>>
        {
            clientA.SendAsync(ChatRequests.Create(model, stream: false, maxTokens: 60, content: "busy-a")),
        };
        await backendA.WaitForRequestAsync(r => r.Body.Contains("busy-a", StringComparison.Ordinal) && r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));
        calls.Add(clientB.SendAsync(ChatRequests.Create(model, stream: false, maxTokens: 65, content: "busy-b")));
        await backendB.WaitForRequestAsync(r => r.Body.Contains("busy-b", StringComparison.Ordinal) && r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1)); // both replicas have announced their full slots (every 200 ms here)

        // Arrival order across the two replicas; the tiers are mixed on purpose.
        (HttpClient Client, string Name, string Priority)[] arrivals =
        [
            (clientA, "low-1", "low"),
            (clientB, "normal-1", "normal"),
            (clientB, "low-2", "low"),
            (clientA, "high-1", "high"),
            (clientA, "normal-2", "normal"),
            (clientB, "high-2", "high"),
        ];
        for (var i = 0; i < arrivals.Length; i++)
        {
            var (client, name, priority) = arrivals[i];
            calls.Add(client.SendAsync(ChatRequests.Create(model, stream: false, maxTokens: 20, content: name, priority: priority)));
            var waiting = i + 1;
            await Eventually.TrueAsync(async () => (await QueuedAsync(clientA, model)).Queued == waiting && (await QueuedAsync(clientB, model)).Queued == waiting,
                TimeSpan.FromSeconds(10), $"both replicas see {waiting} waiting jobs");
        }

        foreach (var call in calls)
        {
            using var response = await call;
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        var started = backendA.Requests.Concat(backendB.Requests)
            .Where(r => r.SlotAcquiredAt is not null && !r.Body.Contains("busy-", StringComparison.Ordinal))
            .OrderBy(r => r.SlotAcquiredAt)
            .Select(r => arrivals.Single(a => r.Body.Contains(a.Name, StringComparison.Ordinal)).Name)
            .ToArray();
        Assert.Equal(["high-1", "high-2", "normal-1", "normal-2", "low-1", "low-2"], started);

        // The line really was one: jobs ran on the other replica's agent in both directions.
        Assert.Contains(a.Output.Split('\n'), l => l.Contains("which took its slot", StringComparison.Ordinal));
        Assert.Contains(b.Output.Split('\n'), l => l.Contains("which took its slot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AReplicaThatDies_LeavesNothingWaitingInTheSharedQueue()
    {
        var (model, a, b) = (_mesh.Model, _mesh.A, _mesh.B);
        using var clientA = a.CreateClient(ReplicaSet.ApiKey);
        using var clientB = b.CreateClient(ReplicaSet.ApiKey);
        await Eventually.TrueAsync(async () => await QueuedAsync(clientA, model) is { Total: 1 }, TimeSpan.FromSeconds(15), "A's agent is connected");
        await Eventually.TrueAsync(async () => await QueuedAsync(clientB, model) is { Total: 1 }, TimeSpan.FromSeconds(15), "B's agent is connected");
        foreach (var backend in new[] { _mesh.BackendA, _mesh.BackendB })
        {
            backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(100);
            backend.Behavior.DefaultTokens = 100;
        }

        var busyA = clientA.SendAsync(ChatRequests.Create(model, stream: false, maxTokens: 100, content: "busy-a"));
        await _mesh.BackendA.WaitForRequestAsync(r => r.Body.Contains("busy-a", StringComparison.Ordinal) && r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));
        var busyB = clientB.SendAsync(ChatRequests.Create(model, stream: false, maxTokens: 100, content: "busy-b"));
        await _mesh.BackendB.WaitForRequestAsync(r => r.Body.Contains("busy-b", StringComparison.Ordinal) && r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var orphan = clientA.SendAsync(ChatRequests.Create(model, stream: false, maxTokens: 5, content: "orphan"));
        await Eventually.TrueAsync(async () => (await QueuedAsync(clientB, model)).Queued == 1, TimeSpan.FromSeconds(10), "B sees A's waiting job");

        await a.KillAsync();

        await Eventually.TrueAsync(async () => (await QueuedAsync(clientB, model)).Queued == 0, TimeSpan.FromSeconds(10), "B forgets the dead replica's job");
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_mesh.Replicas.Redis.Endpoint);
        await Eventually.TrueAsync(
            async () => await redis.GetDatabase().HashLengthAsync("{" + _mesh.Replicas.Prefix + "}:queue:waiting") == 0,
            TimeSpan.FromSeconds(10),
            "the dead replica's entry is gone from Redis");

        // A claim made on one of its jobs just before it died is never followed; it does not stay in Redis for good.
        var claims = "{" + _mesh.Replicas.Prefix + "}:queue:claims";
        await redis.GetDatabase().HashSetAsync(claims, "a/claimed-as-it-died", "b|0123456789abcdef");
        await Eventually.TrueAsync(
            async () => await redis.GetDatabase().HashLengthAsync(claims) == 0,
            TimeSpan.FromSeconds(20),
            "the claim on the dead replica's job is dropped");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => orphan);
        Assert.Equal(HttpStatusCode.OK, (await busyB).StatusCode);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => busyA);
    }

    private static async Task<(int Total, int Queued)> QueuedAsync(HttpClient client, string model) =>
        await AgentOnEachReplica.SlotsAsync(client, model) is var (_, total, queued) ? (total, queued) : default;
}
