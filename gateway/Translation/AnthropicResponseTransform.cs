using LlMesh.ApiFormats.Errors;
using LlMesh.ApiFormats.Responses;
using Yarp.ReverseProxy.Transforms;

namespace LlMesh.Gateway.Translation;

/// <summary>
/// For a translated, non-streaming Anthropic request: reads the worker's OpenAI answer (or error) and
/// writes the Anthropic message (or error object) instead.
/// </summary>
internal static class AnthropicResponseTransform
{
    private const int MaxBody = 32 * 1024 * 1024;

    public static async ValueTask ApplyAsync(ResponseTransformContext transform, TranslationPlan plan)
    {
        if (transform.ProxyResponse is not { } response || plan.Stream)
        {
            return;
        }

        var body = await BackendBody.ReadAsync(response, MaxBody, transform.HttpContext.RequestAborted);
        transform.SuppressResponseBody = true;
        var caller = transform.HttpContext.Response;
        caller.Headers.ContentLength = null;
        caller.Headers.Remove("Transfer-Encoding");
        caller.ContentType = "application/json";
        byte[] translated;
        if (response.IsSuccessStatusCode)
        {
            try
            {
                translated = OpenAiToAnthropicResponse.Translate(body, plan.RequestedModel);
            }
            catch (FormatException ex)
            {
                caller.StatusCode = StatusCodes.Status502BadGateway;
                translated = AnthropicError.Create(AnthropicError.TypeForStatus(502), $"The backend's answer could not be translated: {ex.Message}");
            }
        }
        else
        {
            translated = AnthropicError.FromOpenAiError(body, (int)response.StatusCode);
        }

        transform.HttpContext.Features.Get<Streaming.ExchangeRelay>()?.ObserveTranslatedBody(body);
        await caller.Body.WriteAsync(translated, transform.HttpContext.RequestAborted);
    }
}
