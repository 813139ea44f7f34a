using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlMesh.ApiFormats.Tests.Support;

internal static class JsonAssert
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Structural equality (property order ignored, numbers compared by value text).</summary>
    public static void Equal(string expectedJson, ReadOnlySpan<byte> actualUtf8)
    {
        var expected = JsonNode.Parse(expectedJson);
        var actual = JsonNode.Parse(actualUtf8);
        if (!JsonNode.DeepEquals(expected, actual))
        {
            Assert.Fail($"JSON differs.\nExpected:\n{expected?.ToJsonString(Indented)}\nActual:\n{actual?.ToJsonString(Indented)}");
        }
    }

    public static JsonElement Parse(ReadOnlySpan<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8.ToArray());
        return document.RootElement.Clone();
    }

    public static JsonElement Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));
}
