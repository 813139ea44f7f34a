using System.Text.Json;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;

namespace LlMesh.IntegrationTests.Observability;

/// <summary>
/// A real gateway, agent and backend; known traffic (streams, batch requests, one that queues behind a slow
/// stream, one that times out); then <c>/metrics</c> must show every series with counts that match.
/// </summary>
[Trait(PublishedBuilds.Trait, PublishedBuilds.Value)]
public sealed class MetricsEndpointTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AfterTraffic_MetricsShowEverySeries_WithCountsThatMatchTheRequestsSent()
    {
        await using var mesh = await TestMesh.StartAsync(
            new FakeLlamaServerOptions { Slots = 1 },
            new Dictionary<string, string?> { ["LlMesh__LongRuns__TimeToFirstToken"] = "00:00:01.500" });
        using var client = mesh.CreateClient();
        using var scraper = mesh.Gateway.CreateClient(apiKey: null);
        var model = ("model", mesh.Model);
        var normal = ("tier", "normal");

        // Two batch requests and two streams, one after another.
        for (var i = 0; i < 2; i++)
        {
            using var batch = await client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 4));
            Assert.Equal(200, (int)batch.StatusCode);
            var stream = await SseTranscript.ReadAsync(client, ChatRequests.Create(mesh.Model, stream: true, maxTokens: 4));
            Assert.Equal("data: [DONE]", stream.DataBlocks.Last());
        }

        // A slow stream holds the only slot (in flight: 1); a batch request waits behind it (queue depth: 1).
        mesh.Backend.Behavior.TokenDelay = TimeSpan.FromMilliseconds(400);
        var slow = SseTranscript.ReadAsync(client, ChatRequests.Create(mesh.Model, stream: true, maxTokens: 10));
        await mesh.Backend.WaitForRequestAsync(r => r.SlotAcquiredAt is not null, Wait);
        await Eventually.TrueAsync(async () => (await ScrapeAsync(scraper)).Get("llmesh_worker_in_flight") == 1, Wait, "the slow stream shows in flight");
        var queued = client.SendAsync(ChatRequests.Create(mesh.Model, stream: false, maxTokens: 4));
        await Eventually.TrueAsync(async () => (await ScrapeAsync(scraper)).Get("llmesh_queue_depth", normal, model) == 1, Wait, "the batch request shows queued");
        Assert.Equal("data: [DONE]", (await slow).DataBlocks.Last());
        using (var answered = await queued)
        {
            Assert.Equal(200, (int)answered.StatusCode);
        }

        // One stream whose backend never starts: the time-to-first-token limit ends it with an error event.
        mesh.Backend.Behavior.TokenDelay = TimeSpan.Zero;
        mesh.Backend.Behavior.Hang = true;
        var timedOut = await SseTranscript.ReadAsync(client, ChatRequests.Create(mesh.Model, stream: true, maxTokens: 4));
        Assert.Contains("time_to_first_token_timeout", timedOut.DataBlocks.Last(), StringComparison.Ordinal);
        await mesh.Backend.WaitForRequestAsync(r => r.Outcome == RequestOutcome.Aborted, Wait);

        PrometheusScrape metrics = null!;
        await Eventually.TrueAsync(async () => (metrics = await ScrapeAsync(scraper)).Get("llmesh_worker_in_flight") == 0, Wait, "the slot is free again");
        var completionTokens = await CompletionTokensInUsageLogAsync(mesh, lines: 6);

        // Six answers (three streams, three batch), one time-out; every job went through the queue.
        Assert.Equal(6, metrics.Value("llmesh_request_duration_seconds_count", ("route", "ChatCompletions"), model, ("status", "200")));
        Assert.Equal(1, metrics.Value("llmesh_request_duration_seconds_count", ("route", "ChatCompletions"), model, ("status", "504")));
        Assert.Equal(7, metrics.Value("llmesh_queue_wait_seconds_count", normal, model));
        Assert.True(metrics.Value("llmesh_queue_wait_seconds_sum", normal, model) >= 1, "the queued request waited about 4 s");
        Assert.Equal(0, metrics.Value("llmesh_queue_depth", normal, model));

        // Time to first token for the three streams that got one; speeds and tokens for all six answers.
        Assert.Equal(3, metrics.Value("llmesh_time_to_first_token_seconds_count", model));
        Assert.True(metrics.Value("llmesh_time_to_first_token_seconds_sum", model) > 0);
        Assert.Equal(6, metrics.Value(GenerationSpeed(metrics) + "_count", model));
        Assert.True(metrics.Value(GenerationSpeed(metrics) + "_sum", model) > 0);
        Assert.Equal(6, metrics.Value(PrefillSpeed(metrics) + "_count", model));
        Assert.True(metrics.Value(PrefillSpeed(metrics) + "_sum", model) > 0);
        Assert.Equal(completionTokens, metrics.Value("llmesh_tokens_total", model, ("type", "completion")));
        Assert.True(metrics.Value("llmesh_tokens_total", model, ("type", "prompt")) > 0);

        // Timeouts by kind, errors by status, no re-queue.
        Assert.Equal(1, metrics.Value("llmesh_timeouts_total", ("kind", "time_to_first_token")));
        Assert.All(["activity", "batch", "queue"], kind => Assert.Equal(0, metrics.Value("llmesh_timeouts_total", ("kind", kind))));
        Assert.Equal(1, metrics.Value("llmesh_errors_total", ("route", "ChatCompletions"), ("status", "504")));
        Assert.Equal(1, metrics.Find("llmesh_errors_total").Sum(s => s.Value));
        Assert.Equal(0, metrics.Find("llmesh_requeues_total").Sum(s => s.Value));
        Assert.Equal(3, metrics.Find("llmesh_requeues_total").Count);

        // Capacity: one agent, one worker with one slot, free again.
        Assert.Equal(1, metrics.Value("llmesh_workers_connected"));
        Assert.Equal(1, metrics.Value("llmesh_agents_connected"));
        Assert.Equal(1, metrics.Value("llmesh_worker_slots"));
        Assert.EndsWith("/b0", Assert.Single(metrics.Find("llmesh_worker_slots")).Labels["worker"], StringComparison.Ordinal);
    }

    private static Task<PrometheusScrape> ScrapeAsync(HttpClient scraper) => PrometheusScrape.ReadAsync(scraper);

    // The exporter spells the unit {token}/s its own way; find the series by its stem.
    private static string GenerationSpeed(PrometheusScrape metrics) => SeriesStem(metrics, "llmesh_generation_speed");

    private static string PrefillSpeed(PrometheusScrape metrics) => SeriesStem(metrics, "llmesh_prefill_speed");

    private static string SeriesStem(PrometheusScrape metrics, string prefix)
    {
        var count = metrics.Samples.Select(s => s.Name).Distinct().Single(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith("_count", StringComparison.Ordinal));
        return count[..^"_count".Length];
    }

    private static async Task<double> CompletionTokensInUsageLogAsync(TestMesh mesh, int lines)
    {
        var path = Path.Combine(mesh.Data.Path, "usage.jsonl");
        string[] written = [];
        await Eventually.TrueAsync(
            async () => File.Exists(path) && (written = await File.ReadAllLinesAsync(path)).Length >= lines, Wait, $"{lines} lines in usage.jsonl");
        Assert.Equal(lines, written.Length);
        return written.Sum(l => JsonDocument.Parse(l).RootElement.GetProperty("completionTokens").GetInt32());
    }
}
