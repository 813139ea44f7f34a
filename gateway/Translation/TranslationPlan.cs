using LlMesh.ApiFormats.Streaming;

namespace LlMesh.Gateway.Translation;

/// <summary>
/// Set on a request whose caller speaks Anthropic Messages and whose worker only speaks OpenAI chat:
/// the request goes to <c>/v1/chat/completions</c> and the answer is translated back.
/// </summary>
internal sealed class TranslationPlan
{
    public const string ChatPath = "/v1/chat/completions";

    /// <param name="estimatedInputTokens">The request's estimated size, which a stream's <c>message_start</c> announces.</param>
    public TranslationPlan(string requestedModel, bool stream, int estimatedInputTokens)
    {
        RequestedModel = requestedModel;
        Stream = stream;
        StreamTranslator = stream ? new OpenAiToAnthropicStream(requestedModel, estimatedInputTokens) : null;
    }

    public string RequestedModel { get; }

    public bool Stream { get; }

    /// <summary>For streams: turns OpenAI chunks into Anthropic events as they pass.</summary>
    public OpenAiToAnthropicStream? StreamTranslator { get; }
}
