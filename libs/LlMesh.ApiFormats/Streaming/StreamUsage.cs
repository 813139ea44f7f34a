namespace LlMesh.ApiFormats.Streaming;

/// <summary>Token counts gathered while streaming.</summary>
/// <param name="IsKnown">Whether the backend sent a usage object (else <paramref name="CompletionTokens"/> is an estimate).</param>
internal readonly record struct StreamUsage(
    bool IsKnown, int PromptTokens, int CompletionTokens, int CachedTokens, double? PromptPerSecond = null, double? PredictedPerSecond = null);
