using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LlMesh.FakeLlamaServer.Http;

/// <summary>llama-server's error shape: <c>{"error":{"code":N,"message":"…","type":"…"}}</c>.</summary>
internal static class LlamaError
{
    public const string ServerError = "server_error";
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string NotFound = "not_found_error";
    public const string Unavailable = "unavailable_error";
    public const string ExceedContextSize = "exceed_context_size_error";

    public static Task WriteAsync(HttpContext context, int code, string message, string type, Action<Utf8JsonWriter>? extra = null) =>
        JsonResponse.WriteAsync(context, code, writer => Write(writer, code, message, type, extra));

    /// <summary>Writes the whole <c>{"error":{…}}</c> object (also used as an SSE event mid-stream).</summary>
    public static void Write(Utf8JsonWriter writer, int code, string message, string type, Action<Utf8JsonWriter>? extra = null)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteNumber("code", code);
        writer.WriteString("message", message);
        writer.WriteString("type", type);
        extra?.Invoke(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>llama-server parses bodies with nlohmann::json and answers a syntax error with 500, quoting the parser.</summary>
    public static Task WriteParseErrorAsync(HttpContext context, JsonException? exception)
    {
        var line = (exception?.LineNumber ?? 0) + 1;
        var column = (exception?.BytePositionInLine ?? 0) + 1;
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"[json.exception.parse_error.101] parse error at line {line}, column {column}: syntax error while parsing value - invalid literal");
        return WriteAsync(context, StatusCodes.Status500InternalServerError, message, ServerError);
    }

    public static Task WriteLoadingAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Loading model", Unavailable);
}
