using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace LlMesh.ApiFormats.Json;

/// <summary>Access to the UTF-8 text of JSON strings without going through <see cref="string"/> when it can be avoided.</summary>
internal static class JsonText
{
    /// <summary>The unescaped UTF-8 bytes of a JSON string: a slice of the document when it has no escapes, else a copy.</summary>
    internal static ReadOnlySpan<byte> GetUtf8(JsonElement stringElement)
    {
        var raw = JsonMarshal.GetRawUtf8Value(stringElement);
        var inner = raw[1..^1];
        return inner.Contains((byte)'\\') ? Encoding.UTF8.GetBytes(stringElement.GetString()!) : inner;
    }

    /// <summary>Approximate character count of any JSON value, from its raw text (escapes and quotes included).</summary>
    internal static int CountCharacters(JsonElement element) => Encoding.UTF8.GetCharCount(JsonMarshal.GetRawUtf8Value(element));
}
