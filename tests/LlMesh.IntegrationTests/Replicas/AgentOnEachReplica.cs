using System.Text.Json;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing.Processes;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

namespace LlMesh.IntegrationTests.Replicas;

/// <summary>
/// Two gateway replicas on one redis-server, each with its own agent and fake llama-server (one slot,
/// the same model): the mesh where both replicas can run every job.
/// </summary>
internal sealed class AgentOnEachReplica : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _parts = [];

    private AgentOnEachReplica(ReplicaSet replicas) => Replicas = replicas;

    public ReplicaSet Replicas { get; }

    public FakeServer BackendA { get; private set; } = null!;

    public FakeServer BackendB { get; private set; } = null!;

    public GatewayProcess A { get; private set; } = null!;

    public GatewayProcess B { get; private set; } = null!;

    public string Model => BackendA.Options.ModelId;

    public static async Task<AgentOnEachReplica> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var mesh = new AgentOnEachReplica(await ReplicaSet.StartRedisAsync());
        mesh.BackendA = await FakeServer.StartAsync(new FakeLlamaServerOptions { Slots = 1 });
        mesh.BackendB = await FakeServer.StartAsync(new FakeLlamaServerOptions { Slots = 1 });
        mesh.A = await mesh.Replicas.StartGatewayAsync("replica-a", settings: settings);
        mesh.B = await mesh.Replicas.StartGatewayAsync("replica-b", settings: settings);
        mesh._parts.Add(await AgentProcess.StartAsync(mesh.A.BaseAddress, ReplicaSet.ClientToken, [mesh.BackendA.BaseAddress]));
        mesh._parts.Add(await AgentProcess.StartAsync(mesh.B.BaseAddress, ReplicaSet.ClientToken, [mesh.BackendB.BaseAddress]));
        return mesh;
    }

    /// <summary>This replica's own slots for the model, and the jobs waiting for it in the mesh that its agents could run.</summary>
    public static async Task<(int Free, int Total, int Queued)> SlotsAsync(HttpClient client, string model)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var document = JsonDocument.Parse(await client.GetStringAsync("v1/models/slots"));
        foreach (var entry in document.RootElement.GetProperty("data").EnumerateArray())
        {
            if (entry.GetProperty("id").GetString() == model)
            {
                return (entry.GetProperty("free_slots").GetInt32(), entry.GetProperty("total_slots").GetInt32(), entry.GetProperty("queued").GetInt32());
            }
        }

        return (0, 0, 0);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var part in _parts)
        {
            await part.DisposeAsync();
        }

        await Replicas.DisposeAsync();
        await BackendA.DisposeAsync();
        await BackendB.DisposeAsync();
    }
}
