using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Streaming;

/// <summary>
/// Reads a <c>chat.completion.chunk</c> (or an <c>{"error": …}</c> event) with <see cref="Utf8JsonReader"/>:
/// one pass, no document, unknown fields skipped. Only the first choice is read.
/// </summary>
internal static class OpenAiChunkReader
{
    /// <returns>False when the event is not a JSON object.</returns>
    internal static bool TryRead(ReadOnlySpan<byte> json, OpenAiChunk chunk)
    {
        chunk.Reset();
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            ReadRoot(ref reader, chunk);
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void ReadRoot(ref Utf8JsonReader reader, OpenAiChunk chunk)
    {
        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("id"u8))
            {
                chunk.Id = reader.ReadStringValue();
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                chunk.Model = reader.ReadStringValue();
            }
            else if (reader.ValueTextEquals("choices"u8))
            {
                OpenAiChoiceReader.ReadFirstChoice(ref reader, chunk);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                ReadUsage(ref reader, chunk);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                ReadError(ref reader, chunk);
            }
            else if (reader.ValueTextEquals("timings"u8))
            {
                ReadTimings(ref reader, chunk);
            }
            else
            {
                reader.SkipValue();
            }
        }
    }

    /// <summary>OpenAI sends <c>"usage": null</c> on every chunk but the last when usage is requested.</summary>
    private static void ReadUsage(ref Utf8JsonReader reader, OpenAiChunk chunk)
    {
        if (!reader.TryEnterObject())
        {
            return;
        }

        chunk.HasUsage = true;
        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                chunk.PromptTokens = reader.ReadInt32Value() ?? 0;
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                chunk.CompletionTokens = reader.ReadInt32Value() ?? 0;
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                chunk.CachedTokens = ReadCachedTokens(ref reader);
            }
            else
            {
                reader.SkipValue();
            }
        }
    }

    private static int ReadCachedTokens(ref Utf8JsonReader reader)
    {
        var cached = 0;
        if (!reader.TryEnterObject())
        {
            return cached;
        }

        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("cached_tokens"u8))
            {
                cached = reader.ReadInt32Value() ?? 0;
            }
            else
            {
                reader.SkipValue();
            }
        }

        return cached;
    }

    private static void ReadTimings(ref Utf8JsonReader reader, OpenAiChunk chunk)
    {
        if (!reader.TryEnterObject())
        {
            return;
        }

        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("prompt_per_second"u8))
            {
                chunk.PromptPerSecond = reader.ReadDoubleValue();
            }
            else if (reader.ValueTextEquals("predicted_per_second"u8))
            {
                chunk.PredictedPerSecond = reader.ReadDoubleValue();
            }
            else
            {
                reader.SkipValue();
            }
        }
    }

    /// <summary><c>{"error": {"message": …}}</c> as llama-server and OpenAI send it, or a bare string.</summary>
    private static void ReadError(ref Utf8JsonReader reader, OpenAiChunk chunk)
    {
        reader.Read();
        string? message = null;
        if (reader.TokenType == JsonTokenType.String)
        {
            message = reader.GetString();
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.NextProperty())
            {
                if (reader.ValueTextEquals("message"u8))
                {
                    message = reader.ReadStringValue();
                }
                else
                {
                    reader.SkipValue();
                }
            }
        }
        else
        {
            reader.Skip();
            if (reader.TokenType == JsonTokenType.Null)
            {
                return;
            }
        }

        chunk.ErrorMessage = string.IsNullOrEmpty(message) ? "The backend reported an error." : message;
    }
}
