using System.Text.Json;

namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>llama-server's <c>timings</c> object, from the measured prefill and generation times.</summary>
/// <param name="PromptTokens">Prompt tokens evaluated (<c>prompt_n</c>): the prompt minus what the cache held.</param>
/// <param name="CachedTokens">Prompt tokens taken from the KV cache (<c>cache_n</c>).</param>
internal readonly record struct GenerationTimings(int PromptTokens, int CachedTokens, double PromptMs, int PredictedTokens, double PredictedMs)
{
    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("timings");
        writer.WriteNumber("cache_n", CachedTokens);
        writer.WriteNumber("prompt_n", PromptTokens);
        writer.WriteNumber("prompt_ms", PromptMs);
        writer.WriteNumber("prompt_per_token_ms", PromptMs / Math.Max(1, PromptTokens));
        writer.WriteNumber("prompt_per_second", PerSecond(PromptTokens, PromptMs));
        writer.WriteNumber("predicted_n", PredictedTokens);
        writer.WriteNumber("predicted_ms", PredictedMs);
        writer.WriteNumber("predicted_per_token_ms", PredictedMs / Math.Max(1, PredictedTokens));
        writer.WriteNumber("predicted_per_second", PerSecond(PredictedTokens, PredictedMs));
        writer.WriteEndObject();
    }

    private static double PerSecond(int tokens, double ms) => ms > 0 ? 1000.0 * tokens / ms : 0;
}
