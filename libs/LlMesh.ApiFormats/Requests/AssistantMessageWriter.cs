using System.Buffers;
using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Requests;

/// <summary>
/// Writes one Anthropic assistant turn: text blocks joined into <c>content</c>, <c>tool_use</c> blocks as
/// <c>tool_calls</c>. <c>thinking</c> blocks are dropped (OpenAI chat has no place for them and chat templates
/// strip past reasoning anyway); a turn left with nothing is skipped.
/// </summary>
internal static class AssistantMessageWriter
{
    private const byte TextSeparator = (byte)'\n';

    internal static void Write(Utf8JsonWriter writer, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            writer.WriteStartObject();
            writer.WriteString("role", "assistant");
            writer.WritePropertyName("content");
            content.WriteTo(writer);
            writer.WriteEndObject();
            return;
        }

        var hasText = false;
        var hasToolUse = false;
        foreach (var block in content.EnumerateArray())
        {
            hasText |= ContentPartWriter.IsText(block);
            hasToolUse |= IsToolUse(block);
        }

        if (!hasText && !hasToolUse)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role", "assistant");
        writer.WritePropertyName("content");
        WriteJoinedText(writer, content);
        if (hasToolUse)
        {
            WriteToolCalls(writer, content);
        }

        writer.WriteEndObject();
    }

    private static bool IsToolUse(JsonElement block) =>
        block.IsStringProperty("type"u8, "tool_use"u8) && block.TryGet("name"u8, JsonValueKind.String, out _);

    /// <summary>Empty when the turn is only tool calls: <c>""</c> renders in every chat template, <c>null</c> does not.</summary>
    private static void WriteJoinedText(Utf8JsonWriter writer, JsonElement content)
    {
        var first = true;
        foreach (var block in content.EnumerateArray())
        {
            if (!ContentPartWriter.IsText(block))
            {
                continue;
            }

            if (!first)
            {
                writer.WriteStringValueSegment([TextSeparator], isFinalSegment: false);
            }

            writer.WriteStringValueSegment(JsonText.GetUtf8(block.GetProperty("text"u8)), isFinalSegment: false);
            first = false;
        }

        writer.WriteStringValueSegment(ReadOnlySpan<byte>.Empty, isFinalSegment: true);
    }

    private static void WriteToolCalls(Utf8JsonWriter writer, JsonElement content)
    {
        var arguments = new ArrayBufferWriter<byte>();
        writer.WriteStartArray("tool_calls");
        foreach (var block in content.EnumerateArray())
        {
            if (!IsToolUse(block))
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WritePropertyName("id");
            if (block.TryGet("id"u8, JsonValueKind.String, out var id))
            {
                id.WriteTo(writer);
            }
            else
            {
                writer.WriteStringValue(string.Empty);
            }

            writer.WriteString("type", "function");
            writer.WriteStartObject("function");
            writer.WritePropertyName("name");
            block.GetProperty("name"u8).WriteTo(writer);
            writer.WriteString("arguments", Minify(block, arguments));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>OpenAI wants the arguments as a JSON string; the input object is re-serialized compactly.</summary>
    private static ReadOnlySpan<byte> Minify(JsonElement toolUse, ArrayBufferWriter<byte> buffer)
    {
        if (!toolUse.TryGetObject("input"u8, out var input))
        {
            return "{}"u8;
        }

        buffer.ResetWrittenCount();
        using (var inputWriter = JsonOutput.CreateWriter(buffer))
        {
            input.WriteTo(inputWriter);
        }

        return buffer.WrittenSpan;
    }
}
