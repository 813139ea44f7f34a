using System.Net;
using System.Text.Json;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using LlMesh.Testing.Processes;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

namespace LlMesh.IntegrationTests.Replicas;

/// <summary>
/// A rolling upgrade: replica A is stopped (SIGTERM) while its callers have one job running on A's agent
/// and more queued on A. The running job finishes (drain), the queued ones move to replica B, whose
/// agent serves the same model, and every caller gets a full answer.
/// </summary>
public sealed class RollingStopTests : IAsyncLifetime
{
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
        _a = await _replicas.StartGatewayAsync("replica-a");
        _b = await _replicas.StartGatewayAsync("replica-b");
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
    public async Task StopReplicaA_RunningJobDrains_QueuedJobsMoveToB_NoCallerSeesAnError()
    {
        var model = _backendA.Options.ModelId;
        Assert.Equal(model, _backendB.Options.ModelId);
        using var client = _a.CreateClient(ReplicaSet.ApiKey);
        client.Timeout = TimeSpan.FromSeconds(60);
        using var clientB = _b.CreateClient(ReplicaSet.ApiKey);
        await Eventually.TrueAsync(async () => await SlotsAsync(client, model) is (1, 1, _), TimeSpan.FromSeconds(15), "A's agent is connected");
        await Eventually.TrueAsync(async () => await SlotsAsync(clientB, model) is (1, 1, _), TimeSpan.FromSeconds(15), "B's agent is connected");
        await Task.Delay(TimeSpan.FromSeconds(1)); // B's free slot announced to A (every 200 ms here)
        _backendA.Behavior.TokenDelay = TimeSpan.FromMilliseconds(400);
        _backendB.Behavior.TokenDelay = TimeSpan.FromMilliseconds(400);

        // job-0 runs on A's agent, job-1 is relayed to B's free slot, job-2 and job-3 wait on A.
        var running = Send(client, model, "job-0");
        await _backendA.WaitForRequestAsync(r => r.Body.Contains("job-0", StringComparison.Ordinal) && r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));
        var relayed = Send(client, model, "job-1");
        await _backendB.WaitForRequestAsync(r => r.Body.Contains("job-1", StringComparison.Ordinal) && r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1)); // B's full slot announced to A, so A queues the next jobs itself
        var queued = new[] { Send(client, model, "job-2"), Send(client, model, "job-3") };
        await Eventually.TrueAsync(async () => await SlotsAsync(client, model) is (_, _, 2), TimeSpan.FromSeconds(5), "two jobs wait on A");

        var stopping = _a.StopAsync(TimeSpan.FromSeconds(40));

        foreach (var call in queued.Prepend(relayed).Prepend(running))
        {
            using var response = await call;
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(0, await stopping);
        Assert.Contains(_backendA.Requests, r => r.Body.Contains("job-0", StringComparison.Ordinal) && r.Outcome == RequestOutcome.Completed);
        foreach (var job in new[] { "job-1", "job-2", "job-3" })
        {
            Assert.Contains(_backendB.Requests, r => r.Body.Contains(job, StringComparison.Ordinal) && r.Outcome == RequestOutcome.Completed);
        }

        Assert.Equal(2, _a.Output.Split('\n').Count(l => l.Contains("handing it to another replica", StringComparison.Ordinal)));
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string model, string content) =>
        client.SendAsync(ChatRequests.Create(model, stream: false, maxTokens: 16, content: content));

    private static async Task<(int Free, int Total, int Queued)> SlotsAsync(HttpClient client, string model)
    {
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
}
