using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace LlMesh.ApiFormats.Json;

/// <summary>Parses a whole body into a <see cref="JsonDocument"/>, rejecting anything after the first value.</summary>
internal static class JsonInput
{
    internal static bool TryParse(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out JsonDocument? document, [NotNullWhen(false)] out string? error)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                document = null;
                error = "The body has content after its JSON value.";
                return false;
            }

            error = null;
            return true;
        }
        catch (JsonException exception)
        {
            document = null;
            error = $"The body is not valid JSON: {exception.Message}";
            return false;
        }
    }
}
