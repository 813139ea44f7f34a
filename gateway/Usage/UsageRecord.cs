namespace LlMesh.Gateway.Usage;

/// <summary>Tokens and speed of one finished request, by who asked and who served.</summary>
/// <param name="TimeToFirstTokenMs">Acceptance to the first byte of the answer, queue wait included.</param>
/// <param name="QueueWaitMs">Time spent waiting for a slot.</param>
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
    double DurationMs,
    double? TimeToFirstTokenMs = null,
    double? QueueWaitMs = null);
