using System.Buffers;
using System.Text.Json;
using LlMesh.Gateway.Errors;

namespace LlMesh.Gateway.Streaming;

/// <summary>Formats the SSE frames the gateway writes itself: comments and error events.</summary>
internal static class SseEventWriter
{
    public static byte[] Comment(string text) => System.Text.Encoding.UTF8.GetBytes($": {text}\n\n");

    /// <summary>An error inside a stream: <c>data: {"error":…}</c> for OpenAI, <c>event: error</c> for Anthropic.</summary>
    public static byte[] Error(ApiError error, ApiFormat format)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write(format == ApiFormat.Anthropic ? "event: error\ndata: "u8 : "data: "u8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ApiErrorWriter.Write(writer, error, format);
        }

        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
