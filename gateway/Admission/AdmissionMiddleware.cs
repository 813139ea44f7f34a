using FluentValidation;
using LlMesh.ApiFormats.Requests;
using LlMesh.Gateway.Scheduling;
using LlMesh.State;
using LlMesh.Gateway.Errors;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Admission;

/// <summary>
/// First step of the proxy pipeline: reads the body once, rejects what is malformed or too large before
/// it costs a queue slot, and leaves an <see cref="InferenceRequest"/> for dispatch.
/// </summary>
internal sealed class AdmissionMiddleware(RequestDelegate next, IOptionsMonitor<AdmissionOptions> options, ILogger<AdmissionMiddleware> logger)
{
    public const string PriorityHeader = "X-LLMesh-Priority";
    private static readonly InferenceRequestValidator Validator = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.CurrentValue.MaxRequestBodyBytes;
        ReadOnlyMemory<byte>? body;
        try
        {
            body = await RequestBodyReader.ReadAsync(context, limit);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // The caller left while sending.
        }
        catch (BadHttpRequestException ex)
        {
            // A malformed or truncated body (e.g. broken chunked encoding, or Kestrel's own size limit).
            await ApiErrorWriter.WriteAsync(context, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiError.BodyTooLarge(limit)
                : ApiError.Invalid($"The request body could not be read: {ex.Message}"));
            return;
        }

        if (body is not { } bytes)
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.BodyTooLarge(limit));
            return;
        }

        if (!InferenceRequestParser.TryParse(bytes.Span, out var fields, out var parseError))
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.MalformedJson(parseError!));
            return;
        }

        var validation = Validator.Validate(fields);
        if (!validation.IsValid)
        {
            var first = validation.Errors[0];
            await ApiErrorWriter.WriteAsync(context, ApiError.Invalid(first.ErrorMessage, first.PropertyName));
            return;
        }

        if (!TryReadPriority(context.Request, fields, out var priority))
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.Invalid(
                $"'priority' must be one of high, normal, low (from the {PriorityHeader} header or the body).", "priority"));
            return;
        }

        var route = ApiRoutes.Of(context.Request);
        ReadOnlyMemory<byte>? chatTranslation = null;
        var estimatedInputTokens = 0;
        if (route == ApiRoute.Messages)
        {
            // Translating now validates the request the same way whichever backend serves it.
            var translation = AnthropicToOpenAiRequest.Translate(bytes.Span);
            if (!translation.Succeeded)
            {
                await ApiErrorWriter.WriteAsync(context, ApiError.Invalid(translation.ErrorMessage!));
                return;
            }

            chatTranslation = translation.Body;
            estimatedInputTokens = translation.EstimatedInputTokens;
        }

        var (modalities, prefixKey) = RequestInspector.Inspect(bytes.Span, fields);
        if (route == ApiRoute.Responses)
        {
            modalities |= Modalities.ResponsesApi;
        }

        var request = new InferenceRequest(JobIds.New(), fields.Model!, fields.Stream, bytes, priority, fields.HasPriority, modalities, prefixKey, route, chatTranslation, estimatedInputTokens);
        context.Features.Set(request);
        context.Request.Body = new ReadOnlyMemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.Headers.TransferEncoding = default;
        AdmissionLog.Admitted(logger, request.JobId, request.Model, request.Stream, bytes.Length);
        await next(context);
    }

    /// <summary>The header wins over the body field; absent both, null (the key's default applies later).</summary>
    private static bool TryReadPriority(HttpRequest request, in InferenceRequestFields fields, out Priority? priority)
    {
        priority = null;
        var header = request.Headers[PriorityHeader].ToString();
        var text = header.Length > 0 ? header : fields.HasPriority ? fields.Priority : null;
        if (text is null)
        {
            return true;
        }

        if (!PriorityNames.TryParse(text, out var parsed))
        {
            return false;
        }

        priority = parsed;
        return true;
    }
}
