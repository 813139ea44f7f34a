using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Tokens;

/// <summary>
/// Reads token counts from whatever a backend answered: an OpenAI chat completion or usage chunk
/// (<c>usage.prompt_tokens</c>, <c>completion_tokens</c>, <c>prompt_tokens_details.cached_tokens</c>, llama-server
/// <c>timings</c>), an Anthropic message or stream event (<c>message_start.message.usage</c>,
/// <c>message_delta.usage</c>), or an OpenAI Responses object or its <c>response.completed</c> event
/// (<c>response.usage</c>). Input may be a JSON body or SSE text; with several <c>data:</c> lines, later values win.
/// </summary>
/// <remarks>
/// Counts are reported in OpenAI's terms: an Anthropic <c>input_tokens</c> excludes cache reads, so
/// <see cref="Usage.PromptTokens"/> adds <c>cache_read_input_tokens</c> and <c>cache_creation_input_tokens</c> back.
/// </remarks>
public static class UsageReader
{
    public static bool TryRead(ReadOnlySpan<byte> jsonOrEvent, [NotNullWhen(true)] out Usage? usage)
    {
        var fields = default(UsageFields);
        var text = jsonOrEvent.TrimStart(" \t\r\n"u8);
        if (!text.IsEmpty && text[0] == (byte)'{')
        {
            ReadJson(text, ref fields);
        }
        else
        {
            ReadEventLines(text, ref fields);
        }

        usage = fields.HasAny ? fields.ToUsage() : null;
        return usage is not null;
    }

    private static void ReadEventLines(ReadOnlySpan<byte> text, ref UsageFields fields)
    {
        while (!text.IsEmpty)
        {
            var end = text.IndexOfAny((byte)'\r', (byte)'\n');
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (line.StartsWith("data:"u8))
            {
                var data = line[5..].Trim(" \t"u8);
                if (!data.IsEmpty && data[0] == (byte)'{')
                {
                    ReadJson(data, ref fields);
                }
            }
        }
    }

    private static void ReadJson(ReadOnlySpan<byte> json, ref UsageFields fields)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadContainer(ref reader, ref fields);
            }
        }
        catch (JsonException)
        {
            // A truncated or malformed body: keep whatever was read before the fault.
        }
    }

    /// <summary>
    /// The top level of a response or event, Anthropic's <c>message</c> inside <c>message_start</c>, or the
    /// <c>response</c> inside a Responses stream event.
    /// </summary>
    private static void ReadContainer(ref Utf8JsonReader reader, ref UsageFields fields)
    {
        while (reader.NextProperty())
        {
            if (reader.ValueTextEquals("usage"u8))
            {
                if (reader.TryEnterObject())
                {
                    UsageObjectReader.Read(ref reader, ref fields);
                }
            }
            else if (reader.ValueTextEquals("timings"u8))
            {
                if (reader.TryEnterObject())
                {
                    UsageObjectReader.ReadTimings(ref reader, ref fields);
                }
            }
            else if (reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("response"u8))
            {
                if (reader.TryEnterObject())
                {
                    ReadContainer(ref reader, ref fields);
                }
            }
            else
            {
                reader.SkipValue();
            }
        }
    }
}
