using System.Text.Json;

namespace LlMesh.ApiFormats.Anthropic;

/// <summary>Writes an Anthropic <c>usage</c> object from OpenAI counts.</summary>
/// <remarks>
/// Anthropic's <c>input_tokens</c> excludes tokens read from the cache (the three input counts are disjoint and
/// add up to the prompt), whereas OpenAI's <c>prompt_tokens</c> includes <c>cached_tokens</c>. Clients such as
/// Claude Code add them up to size the context, so the cached part is subtracted here.
/// </remarks>
internal static class AnthropicUsageWriter
{
    internal static void Write(Utf8JsonWriter writer, int promptTokens, int cachedTokens, int outputTokens)
    {
        var cached = Math.Clamp(cachedTokens, 0, Math.Max(promptTokens, 0));
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", Math.Max(promptTokens - cached, 0));
        writer.WriteNumber("cache_creation_input_tokens", 0);
        writer.WriteNumber("cache_read_input_tokens", cached);
        writer.WriteNumber("output_tokens", Math.Max(outputTokens, 0));
        writer.WriteEndObject();
    }
}
