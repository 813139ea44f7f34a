using LlMesh.ApiFormats.Streaming;
using LlMesh.ApiFormats.Tokens;

namespace LlMesh.Gateway.Translation;

/// <summary>
/// Set on a request whose caller speaks Anthropic Messages and whose worker only speaks OpenAI chat:
/// the request goes to <c>/v1/chat/completions</c> and the answer is translated back.
/// </summary>
internal sealed class TranslationPlan
{
    public const string ChatPath = "/v1/chat/completions";

    /// <param name="anthropicRequest">The caller's request; for a stream, its estimated size goes into <c>message_start</c>.</param>
    public TranslationPlan(string requestedModel, bool stream, ReadOnlySpan<byte> anthropicRequest)
    {
        RequestedModel = requestedModel;
        Stream = stream;
        if (stream)
        {
            AnthropicTokenCount.TryEstimate(anthropicRequest, out var estimate);
            StreamTranslator = new OpenAiToAnthropicStream(requestedModel, estimate);
        }
    }

    public string RequestedModel { get; }

    public bool Stream { get; }

    /// <summary>For streams: turns OpenAI chunks into Anthropic events as they pass.</summary>
    public OpenAiToAnthropicStream? StreamTranslator { get; }
}
