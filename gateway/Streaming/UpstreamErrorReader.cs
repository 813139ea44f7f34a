using System.Text.Json;
using LlMesh.Gateway.Errors;

namespace LlMesh.Gateway.Streaming;

/// <summary>
/// Reads a backend's error answer (llama-server: <c>{"error":{"code","message","type"}}</c>; OpenAI and
/// Anthropic shapes too) into an <see cref="ApiError"/> the caller's format can carry.
/// </summary>
internal static class UpstreamErrorReader
{
    private const int MaxBytes = 64 * 1024;

    public static async Task<ApiError> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var buffer = new byte[MaxBytes];
        var length = 0;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // Whatever arrived is all there is.
        }

        return Parse(status >= 400 ? status : 502, buffer.AsSpan(0, length));
    }

    public static ApiError Parse(int status, ReadOnlySpan<byte> body)
    {
        string? message = null;
        string? type = null;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            var error = root.TryGetProperty("error", out var e) ? e : root;
            if (error.ValueKind == JsonValueKind.Object)
            {
                message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                type = error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            }
            else if (error.ValueKind == JsonValueKind.String)
            {
                message = error.GetString();
            }
        }
        catch (JsonException)
        {
            message = body.Length > 0 ? System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 500)]) : null;
        }

        return new ApiError(status, $"The backend answered {status}: {message ?? "no details"}", type ?? "backend_error");
    }
}
