using System.Text;
using System.Text.Json;
using LlMesh.FakeLlamaServer.Http;

namespace LlMesh.FakeLlamaServer.Dialects.Tools;

/// <summary>The plain text of a message content: a string, or the <c>text</c> of each part of an array, joined.</summary>
internal static class ContentText
{
    public static string Of(JsonElement? content)
    {
        if (content is not { } value)
        {
            return "";
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var part in value.EnumerateArray())
        {
            text.Append(JsonFields.String(part, "text"));
        }

        return text.ToString();
    }
}
