using System.Buffers;
using System.Text.Json;
using LlMesh.ApiFormats.Anthropic;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Streaming;

/// <summary>Writes Anthropic stream events as SSE frames: <c>event: name\ndata: {json}\n\n</c>.</summary>
internal static class AnthropicEventWriter
{
    internal static void MessageStart(IBufferWriter<byte> output, string id, string model, int promptTokens, int cachedTokens)
    {
        using (var writer = Begin(output, "message_start"u8))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "message_start");
            writer.WriteStartObject("message");
            writer.WriteString("id", id);
            writer.WriteString("type", "message");
            writer.WriteString("role", "assistant");
            writer.WriteString("model", model);
            writer.WriteStartArray("content");
            writer.WriteEndArray();
            writer.WriteNull("stop_reason");
            writer.WriteNull("stop_sequence");
            AnthropicUsageWriter.Write(writer, promptTokens, cachedTokens, outputTokens: 0);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        End(output);
    }

    internal static void TextBlockStart(IBufferWriter<byte> output, int index)
    {
        using (var writer = BeginBlockStart(output, index))
        {
            writer.WriteString("type", "text");
            writer.WriteString("text", string.Empty);
            EndBlockStart(writer);
        }

        End(output);
    }

    internal static void ThinkingBlockStart(IBufferWriter<byte> output, int index)
    {
        using (var writer = BeginBlockStart(output, index))
        {
            writer.WriteString("type", "thinking");
            writer.WriteString("thinking", string.Empty);
            writer.WriteString("signature", string.Empty);
            EndBlockStart(writer);
        }

        End(output);
    }

    internal static void ToolUseBlockStart(IBufferWriter<byte> output, int index, string id, string name)
    {
        using (var writer = BeginBlockStart(output, index))
        {
            writer.WriteString("type", "tool_use");
            writer.WriteString("id", id);
            writer.WriteString("name", name);
            writer.WriteStartObject("input");
            writer.WriteEndObject();
            EndBlockStart(writer);
        }

        End(output);
    }

    internal static void TextDelta(IBufferWriter<byte> output, int index, string text) =>
        Delta(output, index, "text_delta", "text", text);

    internal static void ThinkingDelta(IBufferWriter<byte> output, int index, string thinking) =>
        Delta(output, index, "thinking_delta", "thinking", thinking);

    internal static void InputJsonDelta(IBufferWriter<byte> output, int index, string partialJson) =>
        Delta(output, index, "input_json_delta", "partial_json", partialJson);

    internal static void BlockStop(IBufferWriter<byte> output, int index)
    {
        using (var writer = Begin(output, "content_block_stop"u8))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "content_block_stop");
            writer.WriteNumber("index", index);
            writer.WriteEndObject();
        }

        End(output);
    }

    /// <summary>
    /// Usage in <c>message_delta</c> is cumulative. The input counts are only known from the OpenAI usage chunk at
    /// the end of the stream, so they are repeated here (Anthropic's schema allows it) when there was one.
    /// </summary>
    internal static void MessageDelta(IBufferWriter<byte> output, string stopReason, string? stopSequence, StreamUsage usage)
    {
        using (var writer = Begin(output, "message_delta"u8))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "message_delta");
            writer.WriteStartObject("delta");
            writer.WriteString("stop_reason", stopReason);
            writer.WriteString("stop_sequence", stopSequence);
            writer.WriteEndObject();
            if (usage.IsKnown)
            {
                AnthropicUsageWriter.Write(writer, usage.PromptTokens, usage.CachedTokens, usage.CompletionTokens);
            }
            else
            {
                writer.WriteStartObject("usage");
                writer.WriteNumber("output_tokens", usage.CompletionTokens);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        End(output);
    }

    internal static void MessageStop(IBufferWriter<byte> output)
    {
        output.Write("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"u8);
    }

    internal static void Error(IBufferWriter<byte> output, string type, string message)
    {
        using (var writer = Begin(output, "error"u8))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", type);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        End(output);
    }

    private static void Delta(IBufferWriter<byte> output, int index, string deltaType, string field, string value)
    {
        using (var writer = Begin(output, "content_block_delta"u8))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "content_block_delta");
            writer.WriteNumber("index", index);
            writer.WriteStartObject("delta");
            writer.WriteString("type", deltaType);
            writer.WriteString(field, value);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        End(output);
    }

    private static Utf8JsonWriter BeginBlockStart(IBufferWriter<byte> output, int index)
    {
        var writer = Begin(output, "content_block_start"u8);
        writer.WriteStartObject();
        writer.WriteString("type", "content_block_start");
        writer.WriteNumber("index", index);
        writer.WriteStartObject("content_block");
        return writer;
    }

    private static void EndBlockStart(Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static Utf8JsonWriter Begin(IBufferWriter<byte> output, ReadOnlySpan<byte> eventName)
    {
        output.Write("event: "u8);
        output.Write(eventName);
        output.Write("\ndata: "u8);
        return JsonOutput.CreateWriter(output);
    }

    /// <summary>Called after the JSON writer has been disposed, which flushes it into <paramref name="output"/>.</summary>
    private static void End(IBufferWriter<byte> output) => output.Write("\n\n"u8);
}
