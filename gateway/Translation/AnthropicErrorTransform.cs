using LlMesh.ApiFormats.Errors;
using LlMesh.Gateway.Errors;
using Yarp.ReverseProxy.Transforms;

namespace LlMesh.Gateway.Translation;

/// <summary>
/// Backend errors for Anthropic callers. llama-server answers errors on <c>/v1/messages</c> in its own OpenAI-like
/// shape, and its context overflow in words Claude Code does not recognise; the caller gets Anthropic's shape and
/// wording instead: a rewritten body before anything was sent, or the error event of a stream already under way.
/// </summary>
internal static class AnthropicErrorTransform
{
    private const int MaxBody = 64 * 1024;

    /// <summary>Replaces a native backend's error body with an Anthropic error object; the status stays.</summary>
    public static async ValueTask ApplyAsync(ResponseTransformContext transform)
    {
        var response = transform.ProxyResponse!;
        var aborted = transform.HttpContext.RequestAborted;
        var body = await BackendBody.ReadAsync(response, MaxBody, aborted);
        transform.SuppressResponseBody = true;
        var caller = transform.HttpContext.Response;
        caller.Headers.ContentLength = null;
        caller.Headers.Remove("Transfer-Encoding");
        caller.ContentType = "application/json";
        var (type, message) = AnthropicError.Describe(body, (int)response.StatusCode);
        await caller.Body.WriteAsync(AnthropicError.Create(type, message), aborted);
    }

    /// <summary>The error a committed Anthropic stream reports for a backend that refused the request.</summary>
    public static async Task<ApiError> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        byte[] body;
        try
        {
            body = await BackendBody.ReadAsync(response, MaxBody, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            body = [];
        }

        var (type, message) = AnthropicError.Describe(body, status);
        return new ApiError(status >= 400 ? status : StatusCodes.Status502BadGateway, message, type);
    }
}
