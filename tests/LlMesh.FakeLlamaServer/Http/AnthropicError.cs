using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LlMesh.FakeLlamaServer.Http;

/// <summary>The Anthropic error shape: <c>{"type":"error","error":{"type":"…","message":"…"}}</c>, typed by status code.</summary>
internal static class AnthropicError
{
    public static Task WriteAsync(HttpContext context, int statusCode, string message) =>
        JsonResponse.WriteAsync(context, statusCode, writer => Write(writer, statusCode, message));

    /// <summary>Writes the whole error object (also the data of an <c>event: error</c> mid-stream).</summary>
    public static void Write(Utf8JsonWriter writer, int statusCode, string message)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "error");
        writer.WriteStartObject("error");
        writer.WriteString("type", TypeOf(statusCode));
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static string TypeOf(int statusCode) => statusCode switch
    {
        StatusCodes.Status400BadRequest => "invalid_request_error",
        StatusCodes.Status401Unauthorized => "authentication_error",
        StatusCodes.Status403Forbidden => "permission_error",
        StatusCodes.Status404NotFound => "not_found_error",
        StatusCodes.Status413PayloadTooLarge => "request_too_large",
        StatusCodes.Status429TooManyRequests => "rate_limit_error",
        StatusCodes.Status503ServiceUnavailable or 529 => "overloaded_error",
        _ => "api_error",
    };
}
