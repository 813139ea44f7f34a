using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Errors;

/// <summary>Anthropic error bodies: <c>{"type":"error","error":{"type":…,"message":…}}</c>.</summary>
public static class AnthropicError
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string NotFound = "not_found_error";
    public const string RequestTooLarge = "request_too_large";
    public const string RateLimit = "rate_limit_error";
    public const string Api = "api_error";
    public const string Overloaded = "overloaded_error";

    /// <summary>Writes an Anthropic error body.</summary>
    public static byte[] Create(string type, string message)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(message);
        var buffer = new ArrayBufferWriter<byte>(64 + message.Length);
        using (var writer = JsonOutput.CreateWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", type);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The Anthropic error type for an HTTP status (a 503 from a loading backend reads as overloaded, so clients retry).</summary>
    public static string TypeForStatus(int statusCode) => statusCode switch
    {
        400 or 422 => InvalidRequest,
        401 => Authentication,
        403 => Permission,
        404 => NotFound,
        413 => RequestTooLarge,
        429 => RateLimit,
        503 or 529 => Overloaded,
        _ => Api,
    };

    /// <summary>
    /// Translates a backend's error body into an Anthropic one; see <see cref="Describe"/>.
    /// </summary>
    public static byte[] FromOpenAiError(ReadOnlySpan<byte> openAiErrorBody, int statusCode)
    {
        var (type, message) = Describe(openAiErrorBody, statusCode);
        return Create(type, message);
    }

    /// <summary>
    /// The Anthropic error type and message for a backend's error body, OpenAI-shaped (<c>{"error":{"message":…}}</c>,
    /// as llama-server answers on every endpoint) or already Anthropic-shaped. llama-server's context overflow is
    /// reworded the way Anthropic words it (<c>prompt is too long: N tokens &gt; M maximum</c>), which is what
    /// Claude Code looks for before compacting.
    /// </summary>
    public static (string Type, string Message) Describe(ReadOnlySpan<byte> backendErrorBody, int statusCode)
    {
        var type = TypeForStatus(statusCode);
        var message = string.Create(CultureInfo.InvariantCulture, $"The backend answered HTTP {statusCode}.");
        if (JsonInput.TryParse(backendErrorBody, out var document, out _))
        {
            using (document)
            {
                var root = document.RootElement;
                if (root.TryGetObject("error"u8, out var error))
                {
                    message = error.GetStringOrNull("message"u8) ?? message;
                    if (ContextOverflow.TryRead(error, out var promptTokens, out var contextSize))
                    {
                        type = InvalidRequest;
                        message = string.Create(CultureInfo.InvariantCulture, $"prompt is too long: {promptTokens} tokens > {contextSize} maximum");
                    }
                }
                else
                {
                    message = root.GetStringOrNull("error"u8) ?? message;
                }
            }
        }

        return (type, message);
    }
}
