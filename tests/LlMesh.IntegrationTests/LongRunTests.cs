using System.Net;
using System.Text.Json;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;

namespace LlMesh.IntegrationTests;

public sealed class LongRunTests
{
    private static Dictionary<string, string?> LongRuns(string keepAlive = "00:00:00.200", string? ttft = null, string? activity = null, string? batch = null)
    {
        var environment = new Dictionary<string, string?> { ["LlMesh__LongRuns__KeepAliveInterval"] = keepAlive };
        if (ttft is not null)
        {
            environment["LlMesh__LongRuns__TimeToFirstToken"] = ttft;
        }

        if (activity is not null)
        {
            environment["LlMesh__LongRuns__Activity"] = activity;
        }

        if (batch is not null)
        {
            environment["LlMesh__LongRuns__Batch"] = batch;
        }

        return environment;
    }

    [Fact]
    public async Task Stream_GetsKeepAlivesWhileQueuedAndDuringPrefill_OnlyBetweenEvents()
    {
        await using var mesh = await TestMesh.StartAsync(new FakeLlamaServerOptions { Slots = 1 }, LongRuns());
        mesh.Backend.Behavior.TimeToFirstToken = TimeSpan.FromMilliseconds(1200);
        mesh.Backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(300);
        using var client = mesh.CreateClient();

        var blocker = client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 2));
        await mesh.Backend.WaitForRequestAsync(r => r.SlotAcquiredAt is not null, TimeSpan.FromSeconds(10));
        var transcript = await SseTranscript.ReadAsync(client, ChatRequests.Create(mesh.Model, stream: true, maxTokens: 4));
        (await blocker).Dispose();

        Assert.Equal(200, transcript.Status);
        Assert.Equal("text/event-stream", transcript.ContentType);

        // Comments came while the request waited for the slot (with its position) and during prefill.
        var firstData = transcript.Blocks.ToList().FindIndex(b => b.Block.StartsWith("data:", StringComparison.Ordinal));
        var before = transcript.Blocks.Take(firstData).Select(b => b.Block).ToList();
        Assert.Contains(before, b => b.StartsWith(": queued, position 1", StringComparison.Ordinal));
        Assert.Contains(before, b => b == ": keep-alive");

        // Between slow tokens too, and never inside an event: every block is all comment or all data.
        Assert.Contains(transcript.Blocks.Skip(firstData), b => b.Block == ": keep-alive");
        Assert.All(transcript.Blocks, b => Assert.True(
            b.Block.Split('\n').All(l => l.StartsWith(':'))
            || b.Block.Split('\n').All(l => l.StartsWith("data: ", StringComparison.Ordinal)),
            $"mixed block: {b.Block}"));
        Assert.Equal("data: [DONE]", transcript.DataBlocks.Last());
        Assert.Equal(4, transcript.DataBlocks.Count(d => d.Contains("\"content\":\"tok", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task BackendThatNeverStarts_TimeToFirstTokenFires_AsAnErrorEvent_AndBackendIsAborted()
    {
        await using var mesh = await TestMesh.StartAsync(gatewayEnvironment: LongRuns(ttft: "00:00:01.500"));
        mesh.Backend.Behavior.Hang = true;
        using var client = mesh.CreateClient();

        var transcript = await SseTranscript.ReadAsync(client, ChatRequests.Create(mesh.Model, stream: true, maxTokens: 4));

        Assert.Equal(200, transcript.Status);
        var error = JsonDocument.Parse(transcript.DataBlocks.Last()["data: ".Length..]).RootElement.GetProperty("error");
        Assert.Equal("time_to_first_token_timeout", error.GetProperty("code").GetString());
        Assert.DoesNotContain("data: [DONE]", transcript.DataBlocks);
        await mesh.Backend.WaitForRequestAsync(r => r.Outcome == RequestOutcome.Aborted, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task BackendThatGoesSilent_ActivityTimeoutFires_AsAnErrorEvent_AndBackendIsAborted()
    {
        await using var mesh = await TestMesh.StartAsync(gatewayEnvironment: LongRuns(activity: "00:00:01"));
        mesh.Backend.Behavior.TokenDelay = TimeSpan.FromSeconds(4);
        using var client = mesh.CreateClient();

        var transcript = await SseTranscript.ReadAsync(client, ChatRequests.Create(mesh.Model, stream: true, maxTokens: 5));

        Assert.Contains(transcript.DataBlocks, d => d.Contains("tok0", StringComparison.Ordinal));
        var error = JsonDocument.Parse(transcript.DataBlocks.Last()["data: ".Length..]).RootElement.GetProperty("error");
        Assert.Equal("activity_timeout", error.GetProperty("code").GetString());
        await mesh.Backend.WaitForRequestAsync(r => r.Outcome == RequestOutcome.Aborted, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task NonStreamingJobOverItsLimit_BatchTimeoutFires_As504()
    {
        await using var mesh = await TestMesh.StartAsync(gatewayEnvironment: LongRuns(batch: "00:00:01"));
        mesh.Backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(500);
        mesh.Backend.Behavior.DefaultTokens = 20;
        using var client = mesh.CreateClient();

        using var response = await client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 20));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var error = (await ChatRequests.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal("batch_timeout", error.GetProperty("code").GetString());
        await mesh.Backend.WaitForRequestAsync(r => r.Outcome == RequestOutcome.Aborted, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task BackendErrors_ReachTheCaller_InItsFormat_WithTheBackendsMessage()
    {
        await using var mesh = await TestMesh.StartAsync(new FakeLlamaServerOptions { ContextSize = 64 });
        using var client = mesh.CreateClient();
        var longPrompt = new string('x', 2000);

        // Streaming: the stream already answered 200, so the context overflow arrives as an error event.
        var streamed = await SseTranscript.ReadAsync(client, ChatWithContent(mesh.Model, longPrompt, stream: true));
        Assert.Equal(200, streamed.Status);
        var error = JsonDocument.Parse(Assert.Single(streamed.DataBlocks)["data: ".Length..]).RootElement.GetProperty("error");
        Assert.Contains("exceeds the available context size", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("exceed_context_size_error", error.GetProperty("code").GetString());

        // Non-streaming: the backend's status and error object pass through.
        using var batch = await client.SendAsync(ChatWithContent(mesh.Model, longPrompt, stream: false));
        Assert.Equal(HttpStatusCode.BadRequest, batch.StatusCode);
        Assert.Contains("exceeds the available context size", await batch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A failure during generation ends the stream with the backend's error event, no [DONE].
        mesh.Backend.Behavior.FailAfterTokens = 2;
        var failed = await SseTranscript.ReadAsync(client, ChatRequests.Create(mesh.Model, stream: true, maxTokens: 8));
        Assert.Contains("\"error\"", failed.DataBlocks.Last(), StringComparison.Ordinal);
        Assert.DoesNotContain("data: [DONE]", failed.DataBlocks);
    }

    [Fact]
    public async Task SlowStream_ThroughAProxyThatCutsIdleConnectionsAfter3s_Completes()
    {
        await using var mesh = await TestMesh.StartAsync(gatewayEnvironment: LongRuns(keepAlive: "00:00:01"));
        mesh.Backend.Behavior.TimeToFirstToken = TimeSpan.FromSeconds(10);
        mesh.Backend.Behavior.TokenDelay = TimeSpan.FromSeconds(5);
        await using var proxy = new IdleTimeoutProxy(new IPEndPoint(IPAddress.Loopback, mesh.Gateway.Port), TimeSpan.FromSeconds(3));
        using var client = new HttpClient { BaseAddress = proxy.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestMesh.ApiKey);

        var transcript = await SseTranscript.ReadAsync(client, ChatRequests.Create(mesh.Model, stream: true, maxTokens: 3));

        Assert.Equal("data: [DONE]", transcript.DataBlocks.Last());
        Assert.Equal(3, transcript.DataBlocks.Count(d => d.Contains("\"content\":\"tok", StringComparison.Ordinal)));
        Assert.Equal(0, proxy.ClosedForIdleness);
    }

    [Fact]
    public async Task SlowReadingCaller_DoesNotMakeTheGatewayBufferWithoutBound()
    {
        await using var mesh = await TestMesh.StartAsync();
        mesh.Backend.Behavior.DefaultTokens = 200_000;
        using var client = mesh.CreateClient();
        var before = ResidentMegabytes(mesh.Gateway.Id);

        using var response = await client.SendAsync(ChatRequests.Create(mesh.Model, stream: true, maxTokens: 200_000), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        for (var i = 0; i < 20; i++)
        {
            await stream.ReadExactlyAsync(buffer);
            await Task.Delay(250);
        }

        // ~200k events of ~200 bytes (~40 MB) were ready to go; flow control keeps them at the backend.
        var after = ResidentMegabytes(mesh.Gateway.Id);
        Assert.True(after - before < 30, $"gateway RSS grew from {before} MB to {after} MB");
        Assert.True(mesh.Backend.Requests.Single(r => r.Path == "/v1/chat/completions").TokensSent < 150_000);
    }

    private static long ResidentMegabytes(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;

    private static HttpRequestMessage ChatWithContent(string model, string content, bool stream) =>
        new(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { model, stream, messages = new[] { new { role = "user", content } } }), System.Text.Encoding.UTF8, "application/json"),
        };
}
