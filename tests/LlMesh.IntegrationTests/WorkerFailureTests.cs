using System.Text.Json;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using LlMesh.Testing.Processes;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

namespace LlMesh.IntegrationTests;

/// <summary>Machines vanish: the caller gets its answer exactly once, or a clear error; never a hang.</summary>
[Trait(PublishedBuilds.Trait, PublishedBuilds.Value)]
public sealed class WorkerFailureTests
{
    private const int KillRounds = 50;

    [Fact]
    public async Task AgentKilledBeforeFirstToken_50Times_EveryJobCompletesExactlyOnceOnTheOtherAgent()
    {
        await using var doomed = await FakeServer.StartAsync(new FakeLlamaServerOptions { ModelId = "m", Slots = 8 });
        await using var steady = await FakeServer.StartAsync(new FakeLlamaServerOptions { ModelId = "m", Slots = 2 });
        doomed.Behavior.TimeToFirstToken = TimeSpan.FromSeconds(30); // jobs sit in prefill until the agent dies
        using var data = new TempDirectory();
        await using var gateway = await GatewayProcess.StartAsync(TestMesh.GatewayOptions(data.Path));
        await using var steadyAgent = await AgentProcess.StartAsync(gateway.BaseAddress, TestMesh.ClientToken, [steady.BaseAddress]);
        using var client = gateway.CreateClient(TestMesh.ApiKey);
        var sent = 0;

        for (var round = 0; round < KillRounds; round++)
        {
            await using var doomedAgent = await AgentProcess.StartAsync(gateway.BaseAddress, TestMesh.ClientToken, [doomed.BaseAddress]);
            await Eventually.TrueAsync(async () => await SlotsAsync(client) == 10, TimeSpan.FromSeconds(20), "both agents serve");

            // Under load: the doomed agent has the most free slots, so it takes new conversations first.
            var jobs = Enumerable.Range(0, 3)
                .Select(i => client.SendAsync(ChatRequests.Create("m", stream: round % 2 == 0, maxTokens: 2, content: $"round {round}, job {i}")))
                .ToList();
            sent += jobs.Count;
            await Eventually.TrueAsync(() => Task.FromResult(doomed.BusySlots > 0), TimeSpan.FromSeconds(10), "a job is in prefill on the doomed agent");
            await doomedAgent.KillAsync();

            foreach (var response in await Task.WhenAll(jobs))
            {
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, body);
                Assert.DoesNotContain("\"error\"", body, StringComparison.Ordinal);
                response.Dispose();
            }
        }

        // Every job finished once, on the steady agent; none finished twice anywhere.
        var finished = steady.Requests.Concat(doomed.Requests)
            .Where(r => r.Path == "/v1/chat/completions" && r.Outcome == RequestOutcome.Completed)
            .Select(r => r.Header("X-LLMesh-Job"))
            .ToList();
        Assert.Equal(sent, finished.Count);
        Assert.Equal(sent, finished.Distinct().Count());
        Assert.DoesNotContain(doomed.Requests, r => r.Outcome == RequestOutcome.Completed);
        Assert.Contains("queued again", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentKilledAfterFirstToken_CallerGetsAnErrorEvent_NotAHang()
    {
        await using var mesh = await TestMesh.StartAsync(gatewayEnvironment: new Dictionary<string, string?> { ["LlMesh__LongRuns__Activity"] = "00:00:05" });
        mesh.Backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(200);
        mesh.Backend.Behavior.DefaultTokens = 100;
        using var client = mesh.CreateClient();

        var reading = SseTranscript.ReadAsync(client, ChatRequests.Create(mesh.Model, stream: true, maxTokens: 100));
        await mesh.Backend.WaitForRequestAsync(r => r.TokensSent > 2, TimeSpan.FromSeconds(10));
        var killedAt = DateTime.UtcNow;
        await mesh.Agent!.KillAsync();
        var transcript = await reading;

        Assert.True(DateTime.UtcNow - killedAt < TimeSpan.FromSeconds(5), "the error came within the activity timeout");
        Assert.Contains(transcript.DataBlocks, d => d.Contains("tok0", StringComparison.Ordinal));
        var error = JsonDocument.Parse(transcript.DataBlocks.Last()["data: ".Length..]).RootElement.GetProperty("error");
        Assert.Equal("worker_unavailable", error.GetProperty("code").GetString());
        Assert.DoesNotContain("data: [DONE]", transcript.DataBlocks);
    }

    [Fact]
    public async Task BackendDown_JobsRunOnAnotherWorker_TheDeadOneGetsNoMoreWork()
    {
        var dead = await FakeServer.StartAsync(new FakeLlamaServerOptions { ModelId = "m", Slots = 8 });
        await using var alive = await FakeServer.StartAsync(new FakeLlamaServerOptions { ModelId = "m", Slots = 2 });
        using var data = new TempDirectory();
        await using var gateway = await GatewayProcess.StartAsync(TestMesh.GatewayOptions(data.Path));
        await using var deadAgent = await AgentProcess.StartAsync(gateway.BaseAddress, TestMesh.ClientToken, [dead.BaseAddress]);
        await using var aliveAgent = await AgentProcess.StartAsync(gateway.BaseAddress, TestMesh.ClientToken, [alive.BaseAddress]);
        using var client = gateway.CreateClient(TestMesh.ApiKey);
        await Eventually.TrueAsync(async () => await SlotsAsync(client) == 10, TimeSpan.FromSeconds(20), "both agents serve");

        await dead.DisposeAsync(); // llama-server crashed; its agent has not noticed yet
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.SendAsync(ChatRequests.Create("m", stream: false, maxTokens: 2))));

        foreach (var response in responses)
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            response.Dispose();
        }

        Assert.Equal(6, alive.Requests.Count(r => r.Path == "/v1/chat/completions" && r.Outcome == RequestOutcome.Completed));
        await Eventually.TrueAsync(async () => await SlotsAsync(client) == 2, TimeSpan.FromSeconds(10), "the dead backend's slots are gone");
    }

    [Fact]
    public async Task AgentDrain_RunningJobFinishes_NoNewJobGoesToIt_ThenItExits()
    {
        await using var draining = await FakeServer.StartAsync(new FakeLlamaServerOptions { ModelId = "m", Slots = 4 });
        await using var other = await FakeServer.StartAsync(new FakeLlamaServerOptions { ModelId = "m", Slots = 1 });
        draining.Behavior.TokenDelay = TimeSpan.FromMilliseconds(200);
        using var data = new TempDirectory();
        await using var gateway = await GatewayProcess.StartAsync(TestMesh.GatewayOptions(data.Path));
        await using var drainingAgent = await AgentProcess.StartAsync(gateway.BaseAddress, TestMesh.ClientToken, [draining.BaseAddress]);
        await using var otherAgent = await AgentProcess.StartAsync(gateway.BaseAddress, TestMesh.ClientToken, [other.BaseAddress]);
        using var client = gateway.CreateClient(TestMesh.ApiKey);
        await Eventually.TrueAsync(async () => await SlotsAsync(client) == 5, TimeSpan.FromSeconds(20), "both agents serve");

        var running = SseTranscript.ReadAsync(client, ChatRequests.Create("m", stream: true, maxTokens: 15));
        await draining.WaitForRequestAsync(r => r.TokensSent > 0, TimeSpan.FromSeconds(10));
        var stopping = drainingAgent.StopAsync(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => Task.FromResult(gateway.Output.Contains("is draining", StringComparison.Ordinal)), TimeSpan.FromSeconds(5), "the gateway knows");

        using (var next = await client.SendAsync(ChatRequests.Create("m", stream: false, maxTokens: 1)))
        {
            Assert.True(next.IsSuccessStatusCode);
        }

        var transcript = await running;
        Assert.Equal("data: [DONE]", transcript.DataBlocks.Last());
        Assert.Equal(15, transcript.DataBlocks.Count(d => d.Contains("\"content\":\"tok", StringComparison.Ordinal)));
        Assert.Equal(0, await stopping);
        Assert.Single(draining.Requests, r => r.Path == "/v1/chat/completions");
        Assert.Single(other.Requests, r => r.Path == "/v1/chat/completions");
    }

    private static async Task<int> SlotsAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("v1/models/slots", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return body.GetProperty("data").EnumerateArray().Where(e => e.GetProperty("id").GetString() == "m").Select(e => e.GetProperty("total_slots").GetInt32()).FirstOrDefault();
    }
}
