using System.Text.Json;

namespace LlMesh.Gateway.Admission;

/// <summary>
/// Checks that a body is one well-formed JSON object and picks out <c>model</c> and <c>stream</c>,
/// in a single forward pass without building a document.
/// </summary>
internal static class InferenceRequestParser
{
    public static bool TryParse(ReadOnlySpan<byte> body, out InferenceRequestFields fields, out string? error)
    {
        fields = default;
        error = null;
        string? model = null;
        var stream = false;
        var modelIsNotString = false;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
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
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        model = reader.GetString();
                    }
                    else
                    {
                        modelIsNotString = true;
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    stream = reader.TokenType == JsonTokenType.True;
                    reader.Skip();
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

        fields = new InferenceRequestFields(model, stream, modelIsNotString);
        return true;
    }
}
