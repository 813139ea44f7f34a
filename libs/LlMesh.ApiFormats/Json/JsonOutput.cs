using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlMesh.ApiFormats.Json;

/// <summary>Writer settings shared by every translator.</summary>
internal static class JsonOutput
{
    /// <summary>
    /// API bodies are never embedded in HTML, so code in model output (<c>&lt;</c>, <c>&amp;</c>, non-ASCII text)
    /// is written as-is instead of as <c>\uXXXX</c> escapes, which keeps bodies small and readable.
    /// </summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static Utf8JsonWriter CreateWriter(IBufferWriter<byte> output) => new(output, WriterOptions);
}
