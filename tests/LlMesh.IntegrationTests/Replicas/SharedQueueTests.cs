using System.Net;
using System.Text;
using System.Text.Json;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using LlMesh.Testing.Processes;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

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
    private ReplicaSet _replicas = null!;
    private FakeServer _backendA = null!;
    private FakeServer _backendB = null!;
    private GatewayProcess _a = null!;
    private GatewayProcess _b = null!;
    private AgentProcess _agentA = null!;
    private AgentProcess _agentB = null!;

    public async Task InitializeAsync()
    {
        _replicas = await ReplicaSet.StartRedisAsync();
        _backendA = await FakeServer.StartAsync(new FakeLlamaServerOptions { Slots = 1 });
        _backendB = await FakeServer.StartAsync(new FakeLlamaServerOptions { Slots = 1 });
        _a = await _replicas.StartGatewayAsync("replica-a", settings: HighTierKey);
        _b = await _replicas.StartGatewayAsync("replica-b", settings: HighTierKey);
        _agentA = await AgentProcess.StartAsync(_a.BaseAddress, ReplicaSet.ClientToken, [_backendA.BaseAddress]);
        _agentB = await AgentProcess.StartAsync(_b.BaseAddress, ReplicaSet.ClientToken, [_backendB.BaseAddress]);
    }

    public async Task DisposeAsync()
    {
        await _agentA.DisposeAsync();
        await _agentB.DisposeAsync();
        await _replicas.DisposeAsync();
        await _backendA.DisposeAsync();
        await _backendB.DisposeAsync();
    }

    [Fact]
    public async Task CallersOnBothReplicas_MixedTiers_TheMeshRunsThemInOneGlobalOrder()
    {
        var model = _backendA.Options.ModelId;
        using var clientA = _a.CreateClient(ReplicaSet.ApiKey);
        using var clientB = _b.CreateClient(ReplicaSet.ApiKey);
        clientA.Timeout = clientB.Timeout = TimeSpan.FromSeconds(120);
        await Eventually.TrueAsync(async () => await QueuedAsync(clientA, model) is { Total: 1 }, TimeSpan.FromSeconds(15), "A's agent is connected");
        await Eventually.TrueAsync(async () => await QueuedAsync(clientB, model) is { Total: 1 }, TimeSpan.FromSeconds(15), "B's agent is connected");
        _backendA.Behavior.TokenDelay = _backendB.Behavior.TokenDelay = TimeSpan.FromMilliseconds(100);

        // Both slots busy; B's frees half a way after A's, so every later dispatch happens alone.
        var calls = new List<Task<HttpResponseMessage>>
        {
            clientA.SendAsync(Chat(model, "busy-a", maxTokens: 12)),
        };
        await _backendA.WaitForRequestAsync(r => r.Body.Contains("busy-a", StringComparison.Ordinal) && r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));
        calls.Add(clientB.SendAsync(Chat(model, "busy-b", maxTokens: 18)));
        await _backendB.WaitForRequestAsync(r => r.Body.Contains("busy-b", StringComparison.Ordinal) && r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));

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
            calls.Add(client.SendAsync(Chat(model, name, maxTokens: 10, priority)));
            var waiting = i + 1;
            await Eventually.TrueAsync(async () => (await QueuedAsync(clientA, model)).Queued == waiting && (await QueuedAsync(clientB, model)).Queued == waiting,
                TimeSpan.FromSeconds(10), $"both replicas see {waiting} waiting jobs");
        }

        foreach (var call in calls)
        {
            using var response = await call;
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        var started = _backendA.Requests.Concat(_backendB.Requests)
            .Where(r => r.SlotAcquiredAt is not null && !r.Body.Contains("busy-", StringComparison.Ordinal))
            .OrderBy(r => r.SlotAcquiredAt)
            .Select(r => arrivals.Single(a => r.Body.Contains(a.Name, StringComparison.Ordinal)).Name)
            .ToArray();
        Assert.Equal(["high-1", "high-2", "normal-1", "normal-2", "low-1", "low-2"], started);

        // The line really was one: jobs ran on the other replica's agent in both directions.
        Assert.Contains(_a.Output.Split('\n'), l => l.Contains("which took its slot", StringComparison.Ordinal));
        Assert.Contains(_b.Output.Split('\n'), l => l.Contains("which took its slot", StringComparison.Ordinal));
    }

    private static HttpRequestMessage Chat(string model, string name, int maxTokens, string? priority = null)
    {
        var body = new Dictionary<string, object>
        {
            ["model"] = model,
            ["max_tokens"] = maxTokens,
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = name } },
        };
        if (priority is not null)
        {
            body["priority"] = priority;
        }

        return new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
    }

    /// <summary>This replica's own slots for the model, and the jobs waiting for it anywhere in the mesh that its agents could run.</summary>
    private static async Task<(int Total, int Queued)> QueuedAsync(HttpClient client, string model)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("v1/models/slots"));
        foreach (var entry in document.RootElement.GetProperty("data").EnumerateArray())
        {
            if (entry.GetProperty("id").GetString() == model)
            {
                return (entry.GetProperty("total_slots").GetInt32(), entry.GetProperty("queued").GetInt32());
            }
        }

        return (0, 0);
    }
}
