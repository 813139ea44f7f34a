namespace LlMesh.Gateway.Usage;

/// <summary>Tokens and speed of one finished request, by who asked and who served.</summary>
public sealed record UsageRecord(
    DateTimeOffset At,
    string JobId,
    string User,
    string KeyId,
    string Model,
    string WorkerId,
    string Route,
    int PromptTokens,
    int CompletionTokens,
    int CachedTokens,
    double? PromptTokensPerSecond,
    double? GenerationTokensPerSecond,
    double DurationMs);
