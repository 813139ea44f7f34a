using System.Globalization;
using System.Text.Json;
using LlMesh.FakeLlamaServer.Generation;

namespace LlMesh.FakeLlamaServer.Dialects.Anthropic;

/// <summary>The pieces of Anthropic message JSON shared by the whole answer and its stream events.</summary>
internal static class AnthropicContentJson
{
    public static string ToolUseId(CompletionContext completion) =>
        string.Create(CultureInfo.InvariantCulture, $"toolu_{completion.RequestId}");

    public static string StopReason(CompletionResult result) =>
        result.Truncated ? "max_tokens" : result.CalledTool ? "tool_use" : "end_turn";

    /// <summary>
    /// A <c>tool_use</c> block; <paramref name="arguments"/> is the generated JSON, written as <c>input</c> (an empty
    /// object when it is not valid JSON, e.g. cut short by <c>max_tokens</c>, as llama-server does).
    /// </summary>
    public static void WriteToolUse(Utf8JsonWriter writer, CompletionContext completion, ToolCallPlan call, string arguments)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "tool_use");
        writer.WriteString("id", ToolUseId(completion));
        writer.WriteString("name", call.Name);
        writer.WritePropertyName("input");
        if (IsJsonObject(arguments))
        {
            writer.WriteRawValue(arguments);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    public static void WriteText(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }

    /// <summary>The message envelope; <paramref name="content"/> writes the blocks of the <c>content</c> array.</summary>
    public static void WriteMessage(
        Utf8JsonWriter writer, CompletionContext completion, string? stopReason, int outputTokens, Action<Utf8JsonWriter> content)
    {
        writer.WriteStartObject();
        writer.WriteString("id", completion.Id);
        writer.WriteString("type", "message");
        writer.WriteString("role", "assistant");
        writer.WriteStartArray("content");
        content(writer);
        writer.WriteEndArray();
        writer.WriteString("model", completion.Model);
        writer.WriteString("stop_reason", stopReason);
        writer.WriteNull("stop_sequence");
        writer.WriteStartObject("usage");
        // As in llama-server, input_tokens excludes what was read from the cache.
        writer.WriteNumber("cache_read_input_tokens", completion.CachedTokens);
        writer.WriteNumber("input_tokens", completion.Request.PromptTokens - completion.CachedTokens);
        writer.WriteNumber("output_tokens", outputTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
