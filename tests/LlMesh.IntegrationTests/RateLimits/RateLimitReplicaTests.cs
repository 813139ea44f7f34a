using System.Net;
using System.Text;
using System.Text.Json;
using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.RateLimits;

/// <summary>A key's requests and tokens per minute hold for the two replicas together, and a refusal speaks the caller's API.</summary>
public sealed class RateLimitReplicaTests(RateLimitReplicasFixture mesh) : IClassFixture<RateLimitReplicasFixture>
{
    private const int Limit = RateLimitReplicasFixture.RequestsPerMinute;

    [Fact]
    public async Task RequestsPerMinute_AreSummedOverBothReplicas_Then429InEachCallersFormat()
    {
        await RateLimitClock.WaitForRoomAsync(TimeSpan.FromSeconds(25));
        using var openAiOnA = mesh.A.CreateClient(RateLimitReplicasFixture.RequestLimitedKey);
        using var anthropicOnB = mesh.B.CreateClient();

        // Alternate: OpenAI chat on A (relayed to B's agent), Anthropic messages on B.
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? lastOpenAi = null, lastAnthropic = null;
        for (var i = 0; i < 2 * Limit + 2; i++)
        {
            var response = i % 2 == 0
                ? await openAiOnA.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 2, content: "rpm-test"))
                : await anthropicOnB.SendAsync(AnthropicRequest(mesh.Model, "rpm-test", stream: false));
            statuses.Add(response.StatusCode);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, await response.Content.ReadAsStringAsync());
            if (i % 2 == 0)
            {
                lastOpenAi?.Dispose();
                lastOpenAi = response;
            }
            else
            {
                lastAnthropic?.Dispose();
                lastAnthropic = response;
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, Limit), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, Limit + 2)], statuses);

        // A refused request never reached a worker.
        Assert.Equal(Limit, mesh.Backend.Requests.Count(r => r.Body.Contains("rpm-test", StringComparison.Ordinal)));

        using (lastOpenAi)
        {
            RateLimitClock.AssertRetryAfterIsTheWindowEnd(lastOpenAi!);
            var error = JsonDocument.Parse(await lastOpenAi!.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
            Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
            Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
            Assert.Contains($"{Limit} requests per minute", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        using (lastAnthropic)
        {
            RateLimitClock.AssertRetryAfterIsTheWindowEnd(lastAnthropic!);
            var body = JsonDocument.Parse(await lastAnthropic!.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("error", body.GetProperty("type").GetString());
            Assert.Equal("rate_limit_error", body.GetProperty("error").GetProperty("type").GetString());
            Assert.Contains($"{Limit} requests per minute", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // A stream is refused before it starts: a plain 429, not an SSE error.
        using var stream = await openAiOnA.SendAsync(ChatRequests.Create(mesh.Model, stream: true, maxTokens: 2, content: "rpm-test"));
        RateLimitClock.AssertRetryAfterIsTheWindowEnd(stream);
        Assert.Equal("application/json", stream.Content.Headers.ContentType?.MediaType);

        // Other keys are not affected.
        using var other = mesh.A.CreateClient(Replicas.ReplicaSet.ApiKey);
        using var unlimited = await other.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 2));
        Assert.Equal(HttpStatusCode.OK, unlimited.StatusCode);
    }

    [Fact]
    public async Task TokensPerMinute_ChargedFromEachAnswer_RefuseOnceTheWindowReachesTheLimit()
    {
        await RateLimitClock.WaitForRoomAsync(TimeSpan.FromSeconds(25));
        GatewayProcess[] replicas = [mesh.A, mesh.B];
        var used = 0L;
        var served = 0;
        for (var i = 0; ; i++)
        {
            using var client = replicas[i % 2].CreateClient(RateLimitReplicasFixture.TokenLimitedKey);
            using var response = await client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 10, content: "tpm-test"));
            var text = await response.Content.ReadAsStringAsync();
            if (used < RateLimitReplicasFixture.TokensPerMinute)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"request {i + 1} with {used} tokens used: {(int)response.StatusCode} {text}");
                var usage = JsonDocument.Parse(text).RootElement.GetProperty("usage");
                used += usage.GetProperty("prompt_tokens").GetInt64() + usage.GetProperty("completion_tokens").GetInt64();
                served++;

                // The charge lands before the replica running the job logs its usage; wait for it, not for luck.
                await Eventually.TrueAsync(
                    () => Task.FromResult(UsageLines(mesh.B.Output) >= served),
                    TimeSpan.FromSeconds(5),
                    $"B recorded the usage of request {served}");
                continue;
            }

            RateLimitClock.AssertRetryAfterIsTheWindowEnd(response);
            var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
            Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
            Assert.Contains($"{RateLimitReplicasFixture.TokensPerMinute} tokens per minute and has used {used} this minute", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            break;
        }

        Assert.True(served >= 2, $"the limit was reached by one answer ({used} tokens); the test needs several");
        Assert.Equal(served, mesh.Backend.Requests.Count(r => r.Body.Contains("tpm-test", StringComparison.Ordinal)));
    }

    private static int UsageLines(string output) =>
        output.Split('\n').Count(l => l.Contains("Usage of ", StringComparison.Ordinal) && l.Contains($"({RateLimitReplicasFixture.TokenLimitedUser}, ", StringComparison.Ordinal));

    private static HttpRequestMessage AnthropicRequest(string model, string content, bool stream)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = model,
            ["max_tokens"] = 2,
            ["stream"] = stream,
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = content } },
        });
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", RateLimitReplicasFixture.RequestLimitedKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }
}
