using System.Security.Cryptography;
using System.Text;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>
/// Every answered request leaves one line in <c>usage.jsonl</c> with the tokens the backend reported (whatever the
/// caller's format, streamed or not, translated or not), who asked (user, key) and who served (model, worker).
/// </summary>
public sealed class UsageAccountingTests
{
    /// <summary>The backend serves these from its prompt cache, so cached counts are checked too.</summary>
    private const int CachedTokens = 6;

    public static TheoryData<string> Formats => new()
    {
        "openai-chat", "openai-chat-stream", "openai-chat-stream-without-usage-chunk", "openai-completions",
        "anthropic-native", "anthropic-native-stream", "anthropic-translated", "anthropic-translated-stream",
        "responses", "responses-stream",
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task OneRequest_OneUsageLine_WithTheBackendsNumbers(string format)
    {
        var request = UsageRequest.For(format);
        await using var mesh = await TestMesh.StartAsync(new FakeLlamaServerOptions { NativeAnthropic = request.NativeAnthropic });
        mesh.Backend.Behavior.CachedPromptTokens = CachedTokens;
        using var http = mesh.CreateClient();

        using (var response = await http.SendAsync(request.Create(mesh.Model)))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            await response.Content.ReadAsStringAsync();
        }

        var received = Assert.Single(Jobs(mesh));
        Assert.Equal(request.BackendPath, received.Path);
        var jobId = received.Header("X-LLMesh-Job")!;
        var line = await UsageLine.WaitForAsync(mesh, jobId);
        var reported = await BackendUsage.ReplayAsync(mesh.Backend, received);

        Assert.True(reported.PromptTokens > CachedTokens, $"the backend reported a prompt ({reported})");
        Assert.Equal(CachedTokens, reported.CachedTokens);
        Assert.Equal(reported.PromptTokens, line.PromptTokens);
        Assert.Equal(reported.CompletionTokens, line.CompletionTokens);
        Assert.Equal(reported.CachedTokens, line.CachedTokens);
        Assert.Equal(request.MaxTokens, line.CompletionTokens);

        Assert.Equal("alice", line.User);
        Assert.Equal(KeyIdOf(TestMesh.ApiKey), line.KeyId);
        Assert.Equal(mesh.Model, line.Model);
        Assert.Equal(request.Route, line.Route);
        Assert.Equal(await WorkerOfAsync(mesh, jobId), line.WorkerId);
        Assert.True(line.DurationMs > 0);
        if (reported.HasTimings)
        {
            Assert.True(line.PromptTokensPerSecond > 0, "llama-server's timings give the prompt speed");
            Assert.True(line.GenerationTokensPerSecond > 0, "llama-server's timings give the generation speed");
        }
    }

    /// <summary>A Responses stream repeats the whole answer in its last event, before the usage: a long answer still counts.</summary>
    [Fact]
    public async Task LongResponsesStream_UsageIsStillRecorded()
    {
        const int tokens = 3000;
        await using var mesh = await TestMesh.StartAsync();
        mesh.Backend.Behavior.DefaultTokens = tokens;
        using var http = mesh.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/responses")
        {
            Content = new StringContent($$"""{"model":"{{mesh.Model}}","stream":true,"input":"Tell me a long story."}""", Encoding.UTF8, "application/json"),
        };

        using (var response = await http.SendAsync(request))
        {
            Assert.True((await response.Content.ReadAsStringAsync()).Length > 3 * 16 * 1024, "the answer is far longer than what the gateway keeps of a stream");
        }

        var line = await UsageLine.WaitForAsync(mesh, Assert.Single(Jobs(mesh)).Header("X-LLMesh-Job")!);
        Assert.Equal(tokens, line.CompletionTokens);
        Assert.True(line.PromptTokens > 0);
    }

    /// <summary>A caller that leaves mid-stream still pays for what was generated: a line marked as estimated.</summary>
    [Fact]
    public async Task CallerLeavesMidStream_WhatWasStreamedIsRecorded_AsAnEstimate()
    {
        await using var mesh = await TestMesh.StartAsync();
        mesh.Backend.Behavior.DefaultTokens = 200;
        mesh.Backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(20);
        using var http = mesh.CreateClient();
        using (var response = await http.SendAsync(ChatRequests.Create(mesh.Model, stream: true, maxTokens: 200), HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var events = 0;
            while (events < 10 && await reader.ReadLineAsync() is { } text)
            {
                events += text.StartsWith("data: {", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        // The caller is gone; the gateway aborts the backend and records what had been streamed.
        await mesh.Backend.WaitForRequestAsync(r => r.Outcome == RequestOutcome.Aborted, TimeSpan.FromSeconds(10));
        var line = await UsageLine.WaitForAsync(mesh, Assert.Single(Jobs(mesh)).Header("X-LLMesh-Job")!);
        Assert.Equal("caller_left", line.Ended);
        Assert.True(line.Estimated);
        Assert.InRange(line.CompletionTokens, 10, 199);
        Assert.True(line.PromptTokens > 0, "the prompt is estimated from the request");
    }

    [Fact]
    public async Task OneFinishedStream_IsNeitherEndedEarlyNorEstimated()
    {
        await using var mesh = await TestMesh.StartAsync();
        using var http = mesh.CreateClient();
        using (var response = await http.SendAsync(ChatRequests.Create(mesh.Model, stream: true, maxTokens: 8)))
        {
            Assert.Contains("[DONE]", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var line = await UsageLine.WaitForAsync(mesh, Assert.Single(Jobs(mesh)).Header("X-LLMesh-Job")!);
        Assert.Null(line.Ended);
        Assert.False(line.Estimated);
    }

    [Fact]
    public async Task SeveralRequests_EachHasItsOwnLine()
    {
        await using var mesh = await TestMesh.StartAsync();
        using var http = mesh.CreateClient();
        foreach (var tokens in new[] { 2, 3, 4 })
        {
            using var response = await http.SendAsync(ChatRequests.Create(mesh.Model, stream: tokens % 2 == 0, maxTokens: tokens));
            await response.Content.ReadAsStringAsync();
        }

        var jobs = Jobs(mesh).Select(r => r.Header("X-LLMesh-Job")!).ToList();
        foreach (var job in jobs)
        {
            await UsageLine.WaitForAsync(mesh, job);
        }

        var lines = UsageLine.ReadAll(Path.Combine(mesh.Data.Path, "usage.jsonl"));
        Assert.Equal(jobs, lines.Select(l => l.JobId));
        Assert.Equal([2, 3, 4], lines.Select(l => l.CompletionTokens));
    }

    /// <summary>What the backend received from the gateway's jobs (not the agent's API probes).</summary>
    private static IEnumerable<RecordedRequest> Jobs(TestMesh mesh) => mesh.Backend.Requests.Where(r => r.Header("X-LLMesh-Job") is not null);

    /// <summary>The key's public id (ADR 0004): <c>key_</c> and the first 12 hex digits of the secret's SHA-256.</summary>
    private static string KeyIdOf(string secret) => "key_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..12];

    /// <summary>The worker the gateway logged when it dispatched the job.</summary>
    private static async Task<string> WorkerOfAsync(TestMesh mesh, string jobId)
    {
        var line = await mesh.Gateway.WaitForLineAsync(l => l.Contains($"Dispatched {jobId} ", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        return line[(line.LastIndexOf("worker ", StringComparison.Ordinal) + "worker ".Length)..].Trim();
    }
}
