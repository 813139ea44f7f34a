using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LlMesh.Gateway.Errors;

/// <summary>Writes an <see cref="ApiError"/> as the caller's API expects it (OpenAI or Anthropic error object).</summary>
internal static class ApiErrorWriter
{
    public static Task WriteAsync(HttpContext context, ApiError error) =>
        WriteAsync(context, error, ApiFormatDetector.Detect(context.Request));

    public static async Task WriteAsync(HttpContext context, ApiError error, ApiFormat format)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = StatusFor(error, format);
        response.ContentType = "application/json";
        if (error.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = RetryAfterSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);
        }

        await using (var writer = new Utf8JsonWriter(response.Body))
        {
            Write(writer, error, format);
        }
    }

    /// <summary>Whole seconds for <c>Retry-After</c>, rounded up so a client never comes back early; at least 1.</summary>
    public static int RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    /// <summary>Writes the error object itself; also used for error events inside a stream.</summary>
    public static void Write(Utf8JsonWriter writer, ApiError error, ApiFormat format)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(error);
        writer.WriteStartObject();
        if (format == ApiFormat.Anthropic)
        {
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", AnthropicType(StatusFor(error, format)));
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStartObject("error");
            writer.WriteString("message", error.Message);
            writer.WriteString("type", OpenAiType(error.StatusCode));
            WriteNullableString(writer, "param", error.Param);
            WriteNullableString(writer, "code", error.Code);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>Anthropic signals a full queue with 529, OpenAI with 429.</summary>
    public static int StatusFor(ApiError error, ApiFormat format) =>
        format == ApiFormat.Anthropic && error.Code == ApiError.QueueFullCode ? 529 : error.StatusCode;

    private static string OpenAiType(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "invalid_request_error",
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    private static string AnthropicType(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        503 or 529 => "overloaded_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };
}
