using System.Text.Json;
using LlMesh.FakeLlamaServer.Http;

namespace LlMesh.FakeLlamaServer.Dialects;

/// <summary>Request fields several dialects read the same way.</summary>
internal static class RequestFields
{
    /// <summary>The first of <paramref name="names"/> that holds a number; negative means "no limit", as for <c>n_predict</c>.</summary>
    public static int? MaxTokens(JsonElement body, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (JsonFields.Int(body, name) is { } value)
            {
                return value < 0 ? null : value;
            }
        }

        return null;
    }

    public static bool Stream(JsonElement body) => JsonFields.Bool(body, "stream");

    /// <summary>The prompt as text: a string, or the strings of an array joined.</summary>
    public static string PromptText(JsonElement prompt) => prompt.ValueKind switch
    {
        JsonValueKind.String => prompt.GetString()!,
        JsonValueKind.Array => string.Concat(prompt.EnumerateArray().Select(PromptText)),
        _ => "",
    };
}
