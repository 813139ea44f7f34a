using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Requests;

/// <summary>Writes Anthropic <c>text</c> and <c>image</c> blocks as OpenAI content parts.</summary>
internal static class ContentPartWriter
{
    internal static bool IsText(JsonElement block) =>
        block.IsStringProperty("type"u8, "text"u8) && block.TryGet("text"u8, JsonValueKind.String, out _);

    /// <summary>
    /// Images with a <c>base64</c> or <c>url</c> source. Other sources (the Files API's <c>file</c>) cannot be
    /// resolved by a local backend and are dropped.
    /// </summary>
    internal static bool IsConvertibleImage(JsonElement block) =>
        block.IsStringProperty("type"u8, "image"u8)
        && block.TryGetObject("source"u8, out var source)
        && ((source.IsStringProperty("type"u8, "base64"u8) && source.TryGet("data"u8, JsonValueKind.String, out _))
            || (source.IsStringProperty("type"u8, "url"u8) && source.TryGet("url"u8, JsonValueKind.String, out _)));

    internal static void WriteText(Utf8JsonWriter writer, JsonElement textBlock)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WritePropertyName("text");
        textBlock.GetProperty("text"u8).WriteTo(writer);
        writer.WriteEndObject();
    }

    /// <summary>Writes an <c>image_url</c> part; a base64 source becomes a <c>data:</c> URL.</summary>
    internal static void WriteImage(Utf8JsonWriter writer, JsonElement imageBlock)
    {
        var source = imageBlock.GetProperty("source"u8);
        writer.WriteStartObject();
        writer.WriteString("type", "image_url");
        writer.WriteStartObject("image_url");
        writer.WritePropertyName("url");
        if (source.IsStringProperty("type"u8, "url"u8))
        {
            source.GetProperty("url"u8).WriteTo(writer);
        }
        else
        {
            // Written in segments so a multi-megabyte screenshot is not copied into an intermediate string.
            writer.WriteStringValueSegment("data:"u8, isFinalSegment: false);
            if (source.TryGet("media_type"u8, JsonValueKind.String, out var mediaType))
            {
                writer.WriteStringValueSegment(JsonText.GetUtf8(mediaType), isFinalSegment: false);
            }

            writer.WriteStringValueSegment(";base64,"u8, isFinalSegment: false);
            writer.WriteStringValueSegment(JsonText.GetUtf8(source.GetProperty("data"u8)), isFinalSegment: true);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
