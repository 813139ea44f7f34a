using LlMesh.ApiFormats.Streaming;

namespace LlMesh.Gateway.Translation;

/// <summary>
/// Set on a request whose caller speaks Anthropic Messages and whose worker only speaks OpenAI chat:
/// the request goes to <c>/v1/chat/completions</c> and the answer is translated back.
/// </summary>
internal sealed class TranslationPlan(string requestedModel, bool stream)
{
    public const string ChatPath = "/v1/chat/completions";

    public string RequestedModel { get; } = requestedModel;

    public bool Stream { get; } = stream;

    /// <summary>For streams: turns OpenAI chunks into Anthropic events as they pass.</summary>
    public OpenAiToAnthropicStream? StreamTranslator { get; } = stream ? new OpenAiToAnthropicStream(requestedModel) : null;
}
