using System.Text.Json;
using LlMesh.FakeLlamaServer.Generation;

namespace LlMesh.FakeLlamaServer.Dialects;

internal static class OpenAiUsage
{
    public static void Write(Utf8JsonWriter writer, CompletionContext completion, CompletionResult result)
    {
        var prompt = completion.Request.PromptTokens;
        writer.WriteStartObject("usage");
        writer.WriteNumber("completion_tokens", result.Tokens);
        writer.WriteNumber("prompt_tokens", prompt);
        writer.WriteNumber("total_tokens", result.Tokens + prompt);
        writer.WriteStartObject("prompt_tokens_details");
        writer.WriteNumber("cached_tokens", completion.CachedTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
