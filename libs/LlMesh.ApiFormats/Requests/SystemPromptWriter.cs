using System.Text;
using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Requests;

/// <summary>Writes Anthropic's top-level <c>system</c> (a string or text blocks) as the first OpenAI <c>system</c> message.</summary>
internal static class SystemPromptWriter
{
    /// <summary>Text blocks are joined with a newline; <c>cache_control</c> has no OpenAI counterpart and is dropped.</summary>
    private const char BlockSeparator = '\n';

    internal static void Write(Utf8JsonWriter writer, JsonElement root)
    {
        var text = Read(root);
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role", "system");
        writer.WriteString("content", text);
        writer.WriteEndObject();
    }

    private static string? Read(JsonElement root)
    {
        if (!root.TryGetProperty("system"u8, out var system))
        {
            return null;
        }

        if (system.ValueKind == JsonValueKind.String)
        {
            return ClaudeCodeBillingHeader.Normalize(system.GetString()!);
        }

        if (system.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var builder = new StringBuilder();
        foreach (var block in system.EnumerateArray())
        {
            var blockText = block.GetStringOrNull("text"u8);
            if (blockText is null)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(BlockSeparator);
            }

            builder.Append(ClaudeCodeBillingHeader.Normalize(blockText));
        }

        return builder.ToString();
    }
}
