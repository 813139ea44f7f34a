using System.Text;
using System.Text.Json;
using LlMesh.FakeLlamaServer;

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>Token counts as a backend reported them, in OpenAI's terms (prompt includes cached).</summary>
internal sealed record ReportedUsage(int PromptTokens, int CompletionTokens, int CachedTokens, bool HasTimings);

/// <summary>
/// Learns what the backend reports for a request by sending it the very body it received through the gateway
/// (the fake is deterministic), and reading the usage from its answer independently of the gateway's own reader.
/// </summary>
internal static class BackendUsage
{
    public static async Task<ReportedUsage> ReplayAsync(FakeLlamaServer.FakeLlamaServer backend, RecordedRequest request)
    {
        using var http = new HttpClient { BaseAddress = backend.BaseAddress };
        using var content = new StringContent(request.Body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(request.Path.TrimStart('/'), UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        return Read(await response.Content.ReadAsStringAsync());
    }

    public static ReportedUsage Read(string body)
    {
        int prompt = 0, completion = 0, cached = 0;
        var timings = false;
        var fromUsage = false;
        foreach (var json in Objects(body))
        {
            timings |= json.TryGetProperty("timings", out var t);
            if (t.ValueKind == JsonValueKind.Object && !fromUsage)
            {
                // llama-server's own counts: prompt_n excludes the cache_n tokens read from the KV cache.
                cached = Int(t, "cache_n");
                prompt = Int(t, "prompt_n") + cached;
                completion = Int(t, "predicted_n");
            }

            foreach (var usage in UsageObjects(json))
            {
                fromUsage = true;
                if (usage.TryGetProperty("prompt_tokens", out var promptTokens))
                {
                    // OpenAI chat: prompt_tokens includes the cached ones.
                    prompt = promptTokens.GetInt32();
                    completion = usage.GetProperty("completion_tokens").GetInt32();
                    cached = Nested(usage, "prompt_tokens_details", "cached_tokens");
                }
                else if (usage.TryGetProperty("total_tokens", out _))
                {
                    // OpenAI Responses: input_tokens includes the cached ones.
                    prompt = usage.GetProperty("input_tokens").GetInt32();
                    completion = usage.GetProperty("output_tokens").GetInt32();
                    cached = Nested(usage, "input_tokens_details", "cached_tokens");
                }
                else
                {
                    // Anthropic: input_tokens excludes cache reads and writes; message_delta may carry output_tokens only.
                    if (usage.TryGetProperty("input_tokens", out var input))
                    {
                        cached = Int(usage, "cache_read_input_tokens");
                        prompt = input.GetInt32() + cached + Int(usage, "cache_creation_input_tokens");
                    }

                    completion = Int(usage, "output_tokens");
                }
            }
        }

        return new ReportedUsage(prompt, completion, cached, timings);
    }

    /// <summary>A JSON body, or the JSON <c>data:</c> payloads of an SSE stream.</summary>
    private static IEnumerable<JsonElement> Objects(string body)
    {
        if (body.TrimStart().StartsWith('{'))
        {
            yield return JsonDocument.Parse(body).RootElement;
            yield break;
        }

        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal))
            {
                yield return JsonDocument.Parse(line["data: ".Length..]).RootElement;
            }
        }
    }

    /// <summary><c>usage</c> at the top, in Anthropic's <c>message_start.message</c>, or in a Responses event's <c>response</c>.</summary>
    private static IEnumerable<JsonElement> UsageObjects(JsonElement json)
    {
        foreach (var container in new[] { json, Property(json, "message"), Property(json, "response") })
        {
            if (container.ValueKind == JsonValueKind.Object && container.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                yield return usage;
            }
        }
    }

    private static JsonElement Property(JsonElement json, string name) => json.TryGetProperty(name, out var value) ? value : default;

    private static int Int(JsonElement json, string name) => json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;

    private static int Nested(JsonElement json, string outer, string inner) => json.TryGetProperty(outer, out var value) ? Int(value, inner) : 0;
}
