using System.Diagnostics.CodeAnalysis;
using LlMesh.ApiFormats.Tokens;

namespace LlMesh.ApiFormats.Requests;

/// <summary>
/// The outcome of <see cref="AnthropicToOpenAiRequest.Translate"/>: either an OpenAI chat completions body, or
/// the reason the Anthropic request is invalid (to be returned as an Anthropic <c>invalid_request_error</c>, 400).
/// </summary>
public sealed class AnthropicRequestTranslation
{
    private AnthropicRequestTranslation(byte[]? body, string? errorMessage, string? model, bool isStreaming, int estimatedInputTokens)
    {
        Body = body;
        ErrorMessage = errorMessage;
        Model = model;
        IsStreaming = isStreaming;
        EstimatedInputTokens = estimatedInputTokens;
    }

    /// <summary>True when <see cref="Body"/> holds the translated request.</summary>
    [MemberNotNullWhen(true, nameof(Body), nameof(Model))]
    [MemberNotNullWhen(false, nameof(ErrorMessage))]
    public bool Succeeded => Body is not null;

    /// <summary>The OpenAI chat completions request body (UTF-8 JSON).</summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "The body is handed to the forwarder as-is.")]
    public byte[]? Body { get; }

    /// <summary>Why the Anthropic request was rejected, in Anthropic's <c>field: problem</c> style.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The model written into <see cref="Body"/> (the override when one was given).</summary>
    public string? Model { get; }

    /// <summary>Whether the caller asked for a stream (<c>"stream": true</c>).</summary>
    public bool IsStreaming { get; }

    /// <summary>
    /// The request's input tokens as <see cref="AnthropicTokenCount"/> estimates them, from the same parse: what a
    /// translated stream's <c>message_start</c> announces before the backend's count arrives.
    /// </summary>
    public int EstimatedInputTokens { get; }

    internal static AnthropicRequestTranslation Success(byte[] body, string model, bool isStreaming, int estimatedInputTokens) =>
        new(body, null, model, isStreaming, estimatedInputTokens);

    internal static AnthropicRequestTranslation Failure(string errorMessage) => new(null, errorMessage, null, false, 0);
}
