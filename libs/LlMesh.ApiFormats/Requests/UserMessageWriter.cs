using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Requests;

/// <summary>
/// Writes one Anthropic user turn. Its <c>tool_result</c> blocks become <c>tool</c> messages written first, so
/// that they directly follow the assistant message holding the calls, as OpenAI requires; the rest of the turn
/// (text, images) follows as a <c>user</c> message.
/// </summary>
internal static class UserMessageWriter
{
    internal static void Write(Utf8JsonWriter writer, JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            writer.WriteStartObject();
            writer.WriteString("role", "user");
            writer.WritePropertyName("content");
            content.WriteTo(writer);
            writer.WriteEndObject();
            return;
        }

        var toolImages = new List<JsonElement>();
        foreach (var block in content.EnumerateArray())
        {
            if (block.IsStringProperty("type"u8, "tool_result"u8))
            {
                ToolResultWriter.Write(writer, block, toolImages);
            }
        }

        WriteRemainder(writer, content, toolImages);
    }

    private static void WriteRemainder(Utf8JsonWriter writer, JsonElement content, List<JsonElement> toolImages)
    {
        var partCount = toolImages.Count;
        JsonElement onlyText = default;
        foreach (var block in content.EnumerateArray())
        {
            if (ContentPartWriter.IsText(block))
            {
                partCount++;
                onlyText = block;
            }
            else if (ContentPartWriter.IsConvertibleImage(block))
            {
                partCount++;
                onlyText = default;
            }
        }

        if (partCount == 0)
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role", "user");
        if (partCount == 1 && onlyText.ValueKind == JsonValueKind.Object)
        {
            // A lone text block is sent as a plain string, the form every OpenAI-compatible server accepts.
            writer.WritePropertyName("content");
            onlyText.GetProperty("text"u8).WriteTo(writer);
        }
        else
        {
            writer.WriteStartArray("content");
            foreach (var image in toolImages)
            {
                ContentPartWriter.WriteImage(writer, image);
            }

            foreach (var block in content.EnumerateArray())
            {
                if (ContentPartWriter.IsText(block))
                {
                    ContentPartWriter.WriteText(writer, block);
                }
                else if (ContentPartWriter.IsConvertibleImage(block))
                {
                    ContentPartWriter.WriteImage(writer, block);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
