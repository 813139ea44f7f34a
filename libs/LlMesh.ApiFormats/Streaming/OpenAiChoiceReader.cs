using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Streaming;

/// <summary>Reads the first entry of a chunk's <c>choices</c>: its delta (text, reasoning, tool call fragments) and finish reason.</summary>
internal static class OpenAiChoiceReader
{
    internal static void ReadFirstChoice(ref Utf8JsonReader reader, OpenAiChunk chunk)
    {
        if (!reader.TryEnterArray())
        {
            return;
        }

        var first = true;
        while (reader.NextItem())
        {
            if (first && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadChoice(ref reader, chunk);
                first = false;
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadChoice(ref Utf8JsonReader reader, OpenAiChunk chunk)
    {
        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
            {
                ReadDelta(ref reader, chunk);
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                chunk.FinishReason = reader.ReadStringValue();
            }
            else if (reader.ValueTextEquals("stop_reason"u8))
            {
                chunk.MatchedStopSequence = reader.ReadStringValue();
            }
            else
            {
                reader.SkipValue();
            }
        }
    }

    private static void ReadDelta(ref Utf8JsonReader reader, OpenAiChunk chunk)
    {
        if (!reader.TryEnterObject())
        {
            return;
        }

        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("content"u8) || reader.ValueTextEquals("refusal"u8))
            {
                chunk.Content = string.Concat(chunk.Content, reader.ReadStringValue());
            }
            else if (reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8))
            {
                chunk.Reasoning = string.Concat(chunk.Reasoning, reader.ReadStringValue());
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                ReadToolCalls(ref reader, chunk);
            }
            else
            {
                reader.SkipValue();
            }
        }
    }

    private static void ReadToolCalls(ref Utf8JsonReader reader, OpenAiChunk chunk)
    {
        if (!reader.TryEnterArray())
        {
            return;
        }

        while (reader.NextItem())
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                chunk.ToolCalls.Add(ReadToolCall(ref reader));
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static ToolCallDelta ReadToolCall(ref Utf8JsonReader reader)
    {
        int? index = null;
        string? id = null;
        string? name = null;
        string? arguments = null;
        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("index"u8))
            {
                index = reader.ReadInt32Value();
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                id = reader.ReadStringValue();
            }
            else if (reader.ValueTextEquals("function"u8))
            {
                ReadFunction(ref reader, ref name, ref arguments);
            }
            else
            {
                reader.SkipValue();
            }
        }

        return new ToolCallDelta(index, id, name, arguments);
    }

    private static void ReadFunction(ref Utf8JsonReader reader, ref string? name, ref string? arguments)
    {
        if (!reader.TryEnterObject())
        {
            return;
        }

        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("name"u8))
            {
                name = reader.ReadStringValue();
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                arguments = ReadArguments(ref reader);
            }
            else
            {
                reader.SkipValue();
            }
        }
    }

    /// <summary>Arguments are a JSON string by the spec; an object (sent whole by some servers) is kept as its JSON text.</summary>
    private static string? ReadArguments(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }
}
