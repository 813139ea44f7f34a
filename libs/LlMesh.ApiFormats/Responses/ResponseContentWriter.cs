using System.Text;
using System.Text.Json;
using LlMesh.ApiFormats.Anthropic;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Responses;

/// <summary>Writes the Anthropic <c>content</c> array from an OpenAI assistant <c>message</c>.</summary>
internal static class ResponseContentWriter
{
    /// <returns>Whether any <c>tool_use</c> block was written.</returns>
    internal static bool Write(Utf8JsonWriter writer, JsonElement message)
    {
        writer.WriteStartArray("content");
        var reasoning = message.GetStringOrNull("reasoning_content"u8) ?? message.GetStringOrNull("reasoning"u8);
        if (!string.IsNullOrEmpty(reasoning))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "thinking");
            writer.WriteString("thinking", reasoning);

            // Local models cannot sign their reasoning; the field is required by Anthropic's schema.
            writer.WriteString("signature", string.Empty);
            writer.WriteEndObject();
        }

        var text = ReadText(message);
        if (!string.IsNullOrEmpty(text))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "text");
            writer.WriteString("text", text);
            writer.WriteEndObject();
        }

        var hasToolCalls = false;
        if (message.TryGetArray("tool_calls"u8, out var toolCalls))
        {
            foreach (var call in toolCalls.EnumerateArray())
            {
                if (call.TryGetObject("function"u8, out var function))
                {
                    WriteToolUse(writer, call, function);
                    hasToolCalls = true;
                }
            }
        }

        writer.WriteEndArray();
        return hasToolCalls;
    }

    /// <summary><c>content</c> is usually a string; some servers send text parts, and a refusal replaces it.</summary>
    private static string? ReadText(JsonElement message)
    {
        if (!message.TryGetProperty("content"u8, out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return message.GetStringOrNull("refusal"u8);
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var builder = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            builder.Append(part.GetStringOrNull("text"u8));
        }

        return builder.ToString();
    }

    private static void WriteToolUse(Utf8JsonWriter writer, JsonElement call, JsonElement function)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "tool_use");
        writer.WriteString("id", AnthropicIds.ToolUseId(call.GetStringOrNull("id"u8)));
        writer.WriteString("name", function.GetStringOrNull("name"u8) ?? string.Empty);
        ToolInputWriter.Write(writer, function);
        writer.WriteEndObject();
    }
}
