using FluentValidation;
using LlMesh.Gateway.Errors;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Admission;

/// <summary>
/// First step of the proxy pipeline: reads the body once, rejects what is malformed or too large before
/// it costs a queue slot, and leaves an <see cref="InferenceRequest"/> for dispatch.
/// </summary>
internal sealed class AdmissionMiddleware(RequestDelegate next, IOptionsMonitor<AdmissionOptions> options, ILogger<AdmissionMiddleware> logger)
{
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

        var request = new InferenceRequest(JobIds.New(), fields.Model!, fields.Stream, bytes);
        context.Features.Set(request);
        context.Request.Body = new ReadOnlyMemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.Headers.TransferEncoding = default;
        AdmissionLog.Admitted(logger, request.JobId, request.Model, request.Stream, bytes.Length);
        await next(context);
    }
}
