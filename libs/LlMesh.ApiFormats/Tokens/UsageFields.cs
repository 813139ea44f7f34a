namespace LlMesh.ApiFormats.Tokens;

/// <summary>Usage values as found, before the OpenAI, Anthropic and llama-server shapes are reconciled.</summary>
internal struct UsageFields
{
    // OpenAI (prompt_tokens includes cached_tokens).
    public int? PromptTokens;
    public int? CompletionTokens;
    public int? CachedTokens;

    // Anthropic (the three input counts are disjoint).
    public int? InputTokens;
    public int? OutputTokens;
    public int? CacheReadInputTokens;
    public int? CacheCreationInputTokens;

    // llama-server timings (prompt_n excludes cache_n).
    public int? TimingsPromptTokens;
    public int? TimingsPredictedTokens;
    public int? TimingsCachedTokens;
    public double? PromptPerSecond;
    public double? PredictedPerSecond;

    public readonly bool HasAny =>
        PromptTokens.HasValue || CompletionTokens.HasValue || CachedTokens.HasValue
        || InputTokens.HasValue || OutputTokens.HasValue || CacheReadInputTokens.HasValue || CacheCreationInputTokens.HasValue
        || TimingsPromptTokens.HasValue || TimingsPredictedTokens.HasValue || TimingsCachedTokens.HasValue
        || PromptPerSecond.HasValue || PredictedPerSecond.HasValue;

    public readonly Usage ToUsage()
    {
        var anthropicPrompt = InputTokens.HasValue || CacheReadInputTokens.HasValue || CacheCreationInputTokens.HasValue
            ? (InputTokens ?? 0) + (CacheReadInputTokens ?? 0) + (CacheCreationInputTokens ?? 0)
            : (int?)null;
        var timingsPrompt = TimingsPromptTokens.HasValue ? TimingsPromptTokens + (TimingsCachedTokens ?? 0) : null;
        return new Usage(
            PromptTokens ?? anthropicPrompt ?? timingsPrompt ?? 0,
            CompletionTokens ?? OutputTokens ?? TimingsPredictedTokens ?? 0,
            CachedTokens ?? CacheReadInputTokens ?? TimingsCachedTokens ?? 0,
            PromptPerSecond,
            PredictedPerSecond);
    }
}
