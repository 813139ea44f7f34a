using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Tokens;

/// <summary>Reads the fields of a <c>usage</c> object (OpenAI or Anthropic shape) and of llama-server's <c>timings</c>.</summary>
internal static class UsageObjectReader
{
    /// <summary>Reads the object the reader is on (its start token).</summary>
    internal static void Read(ref Utf8JsonReader reader, ref UsageFields fields)
    {
        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                fields.PromptTokens = reader.ReadInt32Value() ?? fields.PromptTokens;
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                fields.CompletionTokens = reader.ReadInt32Value() ?? fields.CompletionTokens;
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8) || reader.ValueTextEquals("input_tokens_details"u8))
            {
                ReadCachedTokens(ref reader, ref fields);
            }
            else if (reader.ValueTextEquals("input_tokens"u8))
            {
                fields.InputTokens = reader.ReadInt32Value() ?? fields.InputTokens;
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                fields.OutputTokens = reader.ReadInt32Value() ?? fields.OutputTokens;
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                fields.CacheReadInputTokens = reader.ReadInt32Value() ?? fields.CacheReadInputTokens;
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                fields.CacheCreationInputTokens = reader.ReadInt32Value() ?? fields.CacheCreationInputTokens;
            }
            else
            {
                reader.SkipValue();
            }
        }
    }

    internal static void ReadTimings(ref Utf8JsonReader reader, ref UsageFields fields)
    {
        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("prompt_per_second"u8))
            {
                fields.PromptPerSecond = reader.ReadDoubleValue() ?? fields.PromptPerSecond;
            }
            else if (reader.ValueTextEquals("predicted_per_second"u8))
            {
                fields.PredictedPerSecond = reader.ReadDoubleValue() ?? fields.PredictedPerSecond;
            }
            else if (reader.ValueTextEquals("prompt_n"u8))
            {
                fields.TimingsPromptTokens = reader.ReadInt32Value() ?? fields.TimingsPromptTokens;
            }
            else if (reader.ValueTextEquals("predicted_n"u8))
            {
                fields.TimingsPredictedTokens = reader.ReadInt32Value() ?? fields.TimingsPredictedTokens;
            }
            else if (reader.ValueTextEquals("cache_n"u8))
            {
                fields.TimingsCachedTokens = reader.ReadInt32Value() ?? fields.TimingsCachedTokens;
            }
            else
            {
                reader.SkipValue();
            }
        }
    }

    private static void ReadCachedTokens(ref Utf8JsonReader reader, ref UsageFields fields)
    {
        if (!reader.TryEnterObject())
        {
            return;
        }

        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("cached_tokens"u8))
            {
                fields.CachedTokens = reader.ReadInt32Value() ?? fields.CachedTokens;
            }
            else
            {
                reader.SkipValue();
            }
        }
    }
}
