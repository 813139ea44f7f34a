using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LlMesh.FakeLlamaServer.Http;

/// <summary>Writes a whole JSON body with its Content-Length, as llama-server does for non-streamed answers.</summary>
internal static class JsonResponse
{
    public static async Task WriteAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Options))
        {
            write(writer);
        }

        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
