using System.Text.Json;

namespace LlMesh.ApiFormats.Json;

/// <summary>
/// Steps for reading a known shape with <see cref="Utf8JsonReader"/>. Each "value" method is called with the
/// reader on a property name, moves to its value and tolerates a value of another kind by skipping it.
/// </summary>
internal static class Utf8JsonReaderExtensions
{
    internal static string? ReadStringValue(this ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    internal static int? ReadInt32Value(this ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt32(out var value) ? value : (int)Math.Clamp(reader.GetDouble(), int.MinValue, int.MaxValue);
        }

        reader.Skip();
        return null;
    }

    internal static double? ReadDoubleValue(this ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetDouble();
        }

        reader.Skip();
        return null;
    }

    /// <summary>Moves to the value; true when it is an object (the reader then sits on its start), else skips it.</summary>
    internal static bool TryEnterObject(this ref Utf8JsonReader reader) => reader.TryEnter(JsonTokenType.StartObject);

    /// <summary>Moves to the value; true when it is an array (the reader then sits on its start), else skips it.</summary>
    internal static bool TryEnterArray(this ref Utf8JsonReader reader) => reader.TryEnter(JsonTokenType.StartArray);

    /// <summary>Advances to the next property of the current object; false at its end.</summary>
    internal static bool NextProperty(this ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>Advances to the next item of the current array; false at its end.</summary>
    internal static bool NextItem(this ref Utf8JsonReader reader) => reader.Read() && reader.TokenType != JsonTokenType.EndArray;

    internal static void SkipValue(this ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static bool TryEnter(this ref Utf8JsonReader reader, JsonTokenType start)
    {
        reader.Read();
        if (reader.TokenType == start)
        {
            return true;
        }

        reader.Skip();
        return false;
    }
}
