using System.Text.Json;
using LlMesh.FakeLlamaServer.Generation;
using LlMesh.FakeLlamaServer.Http;

namespace LlMesh.FakeLlamaServer.Dialects.Tools;

/// <summary>Picks the tool the fake model calls from a list of tool definitions, whatever dialect wrote them.</summary>
internal static class ToolSchema
{
    /// <summary>
    /// The tool named <paramref name="preferredName"/> when given and offered, else the first tool with a name; null
    /// when there is none. <paramref name="describe"/> returns a tool's name and JSON schema, or null to skip it.
    /// </summary>
    public static ToolCallPlan? Choose(JsonElement? tools, string? preferredName, Func<JsonElement, (string Name, JsonElement? Schema)?> describe)
    {
        if (tools is not { ValueKind: JsonValueKind.Array } list)
        {
            return null;
        }

        (string Name, JsonElement? Schema)? chosen = null;
        foreach (var tool in list.EnumerateArray())
        {
            if (describe(tool) is not { } described || string.IsNullOrEmpty(described.Name))
            {
                continue;
            }

            chosen ??= described;
            if (preferredName is not null && described.Name == preferredName)
            {
                chosen = described;
                break;
            }
        }

        return chosen is { } call ? ToolCallPlan.For(call.Name, HasProperty(call.Schema, "city")) : null;
    }

    private static bool HasProperty(JsonElement? schema, string name) =>
        schema is { } value && JsonFields.Property(value, "properties") is { ValueKind: JsonValueKind.Object } properties &&
        properties.TryGetProperty(name, out _);
}
