using System.Net;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.Replicas;

/// <summary>
/// A rolling upgrade: replica A is stopped (SIGTERM) while its callers have one job running on A's agent
/// and more queued on A. The running job finishes (drain), the queued ones move to replica B, whose
/// agent serves the same model, and every caller gets a full answer.
/// </summary>
public sealed class RollingStopTests : IAsyncLifetime
{
    private AgentOnEachReplica _mesh = null!;

    public async Task InitializeAsync() => _mesh = await AgentOnEachReplica.StartAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    [Fact]
    public async Task StopReplicaA_RunningJobDrains_QueuedJobsMoveToB_NoCallerSeesAnError()
    {
        var (model, a, b, backendA, backendB) = (_mesh.Model, _mesh.A, _mesh.B, _mesh.BackendA, _mesh.BackendB);
        using var client = a.CreateClient(ReplicaSet.ApiKey);
        client.Timeout = TimeSpan.FromSeconds(60);
        using var clientB = b.CreateClient(ReplicaSet.ApiKey);
        await Eventually.TrueAsync(async () => await SlotsAsync(client, model) is (1, 1, _), TimeSpan.FromSeconds(15), "A's agent is connected");
        await Eventually.TrueAsync(async () => await SlotsAsync(clientB, model) is (1, 1, _), TimeSpan.FromSeconds(15), "B's agent is connected");
        await Task.Delay(TimeSpan.FromSeconds(1)); // B's free slot announced to A (every 200 ms here)
        backendA.Behavior.TokenDelay = TimeSpan.FromMilliseconds(400);
        backendB.Behavior.TokenDelay = TimeSpan.FromMilliseconds(400);

        // job-0 runs on A's agent, job-1 is relayed to B's free slot, job-2 and job-3 wait on A.
        var running = Send(client, model, "job-0");
        await backendA.WaitForRequestAsync(r => r.Body.Contains("job-0", StringComparison.Ordinal) && r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));
        var relayed = Send(client, model, "job-1");
        await backendB.WaitForRequestAsync(r => r.Body.Contains("job-1", StringComparison.Ordinal) && r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(1)); // B's full slot announced to A, so A queues the next jobs itself
        var queued = new[] { Send(client, model, "job-2"), Send(client, model, "job-3") };
        await Eventually.TrueAsync(async () => await SlotsAsync(client, model) is (_, _, 2), TimeSpan.FromSeconds(5), "two jobs wait on A");

        var stopping = a.StopAsync(TimeSpan.FromSeconds(40));

        foreach (var call in queued.Prepend(relayed).Prepend(running))
        {
            using var response = await call;
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(0, await stopping);
        Assert.Contains(backendA.Requests, r => r.Body.Contains("job-0", StringComparison.Ordinal) && r.Outcome == RequestOutcome.Completed);
        foreach (var job in new[] { "job-1", "job-2", "job-3" })
        {
            Assert.Contains(backendB.Requests, r => r.Body.Contains(job, StringComparison.Ordinal) && r.Outcome == RequestOutcome.Completed);
        }

        Assert.Equal(2, a.Output.Split('\n').Count(l => l.Contains("handing it to another replica", StringComparison.Ordinal)));
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string model, string content) =>
        client.SendAsync(ChatRequests.Create(model, stream: false, maxTokens: 16, content: content));

    private static Task<(int Free, int Total, int Queued)> SlotsAsync(HttpClient client, string model) => AgentOnEachReplica.SlotsAsync(client, model);
}
