using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Requests;

/// <summary>
/// Writes the sampling and output parameters. Values are copied as written by the caller (numbers keep their
/// spelling); Anthropic's <c>temperature</c> range 0–1 lies inside OpenAI's 0–2, so it needs no scaling.
/// </summary>
internal static class GenerationParametersWriter
{
    internal static void Write(Utf8JsonWriter writer, JsonElement root, bool isStreaming)
    {
        CopyNumber(writer, root, "max_tokens"u8, "max_tokens");
        CopyNumber(writer, root, "temperature"u8, "temperature");
        CopyNumber(writer, root, "top_p"u8, "top_p");

        // Not part of the OpenAI API, but llama-server, vLLM and Ollama accept it.
        CopyNumber(writer, root, "top_k"u8, "top_k");

        if (root.TryGetArray("stop_sequences"u8, out var stops) && stops.GetArrayLength() > 0)
        {
            writer.WritePropertyName("stop");
            stops.WriteTo(writer);
        }

        if (isStreaming)
        {
            writer.WriteBoolean("stream", true);

            // The usage chunk is the only source of token counts for Anthropic's message_delta.
            writer.WriteStartObject("stream_options");
            writer.WriteBoolean("include_usage", true);
            writer.WriteEndObject();
        }

        if (root.TryGetObject("metadata"u8, out var metadata) && metadata.TryGet("user_id"u8, JsonValueKind.String, out var userId))
        {
            writer.WritePropertyName("user");
            userId.WriteTo(writer);
        }
    }

    private static void CopyNumber(Utf8JsonWriter writer, JsonElement root, ReadOnlySpan<byte> from, string to)
    {
        if (root.TryGet(from, JsonValueKind.Number, out var value))
        {
            writer.WritePropertyName(to);
            value.WriteTo(writer);
        }
    }
}
