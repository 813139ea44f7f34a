using System.Text.Json;

namespace LlMesh.Gateway.Admission;

/// <summary>
/// Checks that a body is one well-formed JSON object and picks out what routing needs (<c>model</c>,
/// <c>stream</c>, <c>priority</c>, where <c>messages</c>/<c>prompt</c> are), in a single forward pass
/// without building a document.
/// </summary>
internal static class InferenceRequestParser
{
    public static bool TryParse(ReadOnlySpan<byte> body, out InferenceRequestFields fields, out string? error)
    {
        fields = default;
        error = null;
        var result = new InferenceRequestFields(null, false, false);
        try
        {
            var reader = new Utf8JsonReader(body, JsonLimits.ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "the body must be a JSON object.";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    result = reader.TokenType == JsonTokenType.String
                        ? result with { Model = reader.GetString() }
                        : result with { ModelIsNotString = true };
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    result = result with { Stream = reader.TokenType == JsonTokenType.True };
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("priority"u8))
                {
                    reader.Read();
                    result = result with { HasPriority = true, Priority = reader.TokenType == JsonTokenType.String ? reader.GetString() : "" };
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("messages"u8))
                {
                    result = result with { Messages = ReadValueRange(ref reader) };
                }
                else if (reader.ValueTextEquals("prompt"u8))
                {
                    result = result with { Prompt = ReadValueRange(ref reader) };
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = "unexpected content after the JSON object.";
                return false;
            }
        }
        catch (JsonException ex)
        {
            error = $"{ex.Message.Split(" LineNumber", 2)[0]} (byte {ex.BytePositionInLine} of line {ex.LineNumber + 1}).";
            return false;
        }

        fields = result;
        return true;
    }

    private static Range ReadValueRange(ref Utf8JsonReader reader)
    {
        reader.Read();
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return new Range(start, (int)reader.BytesConsumed);
    }
}
