using System.Globalization;
using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Requests;

/// <summary>Writes an Anthropic <c>tool_result</c> block as an OpenAI <c>tool</c> message.</summary>
/// <remarks>
/// OpenAI tool messages carry text only: text blocks are joined with newlines, an <c>is_error</c> result is
/// prefixed with <c>Error: </c>, and images are handed back to the caller to be sent in the user message that
/// follows the tool messages (with a note in the tool text saying so).
/// </remarks>
internal static class ToolResultWriter
{
    internal static void Write(Utf8JsonWriter writer, JsonElement toolResult, List<JsonElement> images)
    {
        writer.WriteStartObject();
        writer.WriteString("role", "tool");
        writer.WritePropertyName("tool_call_id");
        if (toolResult.TryGet("tool_use_id"u8, JsonValueKind.String, out var toolUseId))
        {
            toolUseId.WriteTo(writer);
        }
        else
        {
            writer.WriteStringValue(string.Empty);
        }

        writer.WritePropertyName("content");
        WriteContent(writer, toolResult, images);
        writer.WriteEndObject();
    }

    private static void WriteContent(Utf8JsonWriter writer, JsonElement toolResult, List<JsonElement> images)
    {
        var isError = toolResult.TryGetProperty("is_error"u8, out var flag) && flag.ValueKind == JsonValueKind.True;
        var wroteText = false;
        if (isError)
        {
            writer.WriteStringValueSegment("Error"u8, isFinalSegment: false);
        }

        toolResult.TryGetProperty("content"u8, out var content);
        if (content.ValueKind == JsonValueKind.String)
        {
            WriteText(writer, JsonText.GetUtf8(content), isError, ref wroteText);
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            var imagesBefore = images.Count;
            foreach (var block in content.EnumerateArray())
            {
                if (ContentPartWriter.IsText(block))
                {
                    WriteText(writer, JsonText.GetUtf8(block.GetProperty("text"u8)), isError, ref wroteText);
                }
                else if (ContentPartWriter.IsConvertibleImage(block))
                {
                    images.Add(block);
                }
            }

            var moved = images.Count - imagesBefore;
            if (moved > 0)
            {
                var note = string.Create(CultureInfo.InvariantCulture, $"[{moved} image(s) from this result follow in the next user message]");
                WriteText(writer, System.Text.Encoding.UTF8.GetBytes(note), isError, ref wroteText);
            }
        }

        writer.WriteStringValueSegment(ReadOnlySpan<byte>.Empty, isFinalSegment: true);
    }

    private static void WriteText(Utf8JsonWriter writer, ReadOnlySpan<byte> text, bool isError, ref bool wroteText)
    {
        if (text.IsEmpty)
        {
            return;
        }

        writer.WriteStringValueSegment(wroteText ? "\n"u8 : isError ? ": "u8 : ""u8, isFinalSegment: false);
        writer.WriteStringValueSegment(text, isFinalSegment: false);
        wroteText = true;
    }
}
