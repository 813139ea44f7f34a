namespace LlMesh.ApiFormats.Tokens;

/// <summary>Token counts of one generation, in OpenAI's terms.</summary>
/// <param name="PromptTokens">All prompt tokens, cached ones included.</param>
/// <param name="CompletionTokens">Generated tokens.</param>
/// <param name="CachedTokens">Prompt tokens served from the backend's prompt (KV) cache.</param>
/// <param name="PromptTokensPerSecond">Prompt processing speed, when the backend reports it (llama-server <c>timings</c>).</param>
/// <param name="GenerationTokensPerSecond">Generation speed, when the backend reports it.</param>
public sealed record Usage(
    int PromptTokens,
    int CompletionTokens,
    int CachedTokens,
    double? PromptTokensPerSecond,
    double? GenerationTokensPerSecond);
