using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using LlMesh.Testing.Processes;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

namespace LlMesh.IntegrationTests.Replicas;

/// <summary>
/// Two real gateways on one real redis-server; the only agent is connected to B, the caller to A.
/// A relays the job to B, which runs it on its agent; answers, errors and cancellation cross the hop.
/// </summary>
public sealed class CrossReplicaTests : IAsyncLifetime
{
    private const string ApiKey = ReplicaSet.ApiKey;
    private const string ClientToken = ReplicaSet.ClientToken;
    private ReplicaSet _replicas = null!;
    private FakeServer _backend = null!;
    private GatewayProcess _a = null!;
    private GatewayProcess _b = null!;
    private AgentProcess _agent = null!;

    public async Task InitializeAsync()
    {
        _replicas = await ReplicaSet.StartRedisAsync();
        _backend = await FakeServer.StartAsync(new FakeLlamaServerOptions { Slots = 1 });
        _a = await _replicas.StartGatewayAsync("replica-a");
        _b = await _replicas.StartGatewayAsync("replica-b");
        _agent = await AgentProcess.StartAsync(_b.BaseAddress, ClientToken, [_backend.BaseAddress]);
        using var client = _a.CreateClient(ApiKey);
        await Eventually.TrueAsync(
            async () => (await client.GetStringAsync("v1/models")).Contains(_backend.Options.ModelId, StringComparison.Ordinal),
            TimeSpan.FromSeconds(15),
            "A lists the model B's agent serves");
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _replicas.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task CallerOnA_StreamsFromTheAgentOnB()
    {
        using var client = _a.CreateClient(ApiKey);

        using var response = await client.SendAsync(ChatRequests.Create(_backend.Options.ModelId, stream: true, maxTokens: 5), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = new List<string>();
        await foreach (var data in SseReader.ReadDataAsync(await response.Content.ReadAsStreamAsync()))
        {
            events.Add(data);
        }

        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal(5, events.Count(e => e.Contains("\"content\"", StringComparison.Ordinal) && e.Contains("tok", StringComparison.Ordinal)));
        var served = Assert.Single(_backend.Requests, r => r.Path == "/v1/chat/completions");

        // Neither the caller's key nor the mesh secret travels past the gateways.
        Assert.DoesNotContain(served.Headers.Keys, h => h.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || h.StartsWith("X-LLMesh-Relay", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("relayed to replica replica-b", _a.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerOnA_NonStreaming_GetsB_sAnswerAndUsage()
    {
        using var client = _a.CreateClient(ApiKey);

        using var response = await client.SendAsync(ChatRequests.Create(_backend.Options.ModelId, stream: false, maxTokens: 3));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(3, json.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task CallerOnALeavesMidStream_BackendBehindBSeesTheAbort()
    {
        _backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(100);
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = _a.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);

        var response = await client.SendAsync(ChatRequests.Create(_backend.Options.ModelId, stream: true, maxTokens: 500), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using (var events = SseReader.ReadDataAsync(await response.Content.ReadAsStreamAsync()).GetAsyncEnumerator())
        {
            while (await events.MoveNextAsync() && !events.Current.Contains("tok", StringComparison.Ordinal))
            {
            }
        }

        var leftAt = DateTimeOffset.UtcNow;
        response.Dispose();

        var aborted = await _backend.WaitForRequestAsync(r => r.Outcome == RequestOutcome.Aborted, TimeSpan.FromSeconds(10));
        Assert.True(aborted.EndedAt!.Value - leftAt < TimeSpan.FromSeconds(2), $"the backend saw the abort after {(aborted.EndedAt!.Value - leftAt).TotalMilliseconds:0} ms");
        Assert.True(aborted.TokensSent < 500);
    }

    [Fact]
    public async Task QueuedAtB_NormalTierFromAGoesBeforeLowTierFromB()
    {
        _backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(50);
        using var onA = _a.CreateClient(ApiKey);
        using var onB = _b.CreateClient(ApiKey);

        // Hold the only slot, then queue a low job at B and a normal one at A (relayed into B's queue).
        var holding = onB.SendAsync(ChatRequests.Create(_backend.Options.ModelId, stream: false, maxTokens: 20));
        await _backend.WaitForRequestAsync(r => r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));
        var low = SendAsync(onB, "low", "low-from-b");
        await Task.Delay(300);
        var normal = SendAsync(onA, "normal", "normal-from-a");

        foreach (var call in new[] { holding, low, normal })
        {
            using var done = await call;
            Assert.True(done.IsSuccessStatusCode, await done.Content.ReadAsStringAsync());
        }

        var order = _backend.Requests
            .Where(r => r.Path == "/v1/chat/completions")
            .OrderBy(r => r.SlotAcquiredAt)
            .Select(r => r.Body.Contains("normal-from-a", StringComparison.Ordinal) ? "normal" : r.Body.Contains("low-from-b", StringComparison.Ordinal) ? "low" : "first")
            .ToArray();
        Assert.Equal(["first", "normal", "low"], order);
        Assert.DoesNotContain(_backend.Requests, r => r.Header("X-LLMesh-Priority") is not null);

        Task<HttpResponseMessage> SendAsync(HttpClient client, string priority, string marker)
        {
            var request = ChatRequests.Create(_backend.Options.ModelId, stream: false, maxTokens: 2, content: marker);
            request.Headers.Add("X-LLMesh-Priority", priority);
            return client.SendAsync(request);
        }
    }

    [Fact]
    public async Task RelayWithAWrongMeshSecret_IsRefused()
    {
        using var client = _b.CreateClient();
        using var request = ChatRequests.Create(_backend.Options.ModelId, stream: false, maxTokens: 2);
        request.Headers.Add("X-LLMesh-Relay-Secret", "not-the-mesh-secret-0123456789abcdef");
        request.Headers.Add("X-LLMesh-Relay-Key", "key-anything");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(_backend.Requests, r => r.Path == "/v1/chat/completions");
    }
}
