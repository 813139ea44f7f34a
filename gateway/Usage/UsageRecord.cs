namespace LlMesh.Gateway.Usage;

/// <summary>Tokens and speed of one finished request, by who asked and who served.</summary>
/// <param name="TimeToFirstTokenMs">Acceptance to the first byte of the answer, queue wait included.</param>
/// <param name="QueueWaitMs">Time spent waiting for a slot.</param>
/// <param name="Ended">Null for an answer that ran to its end; <c>caller_left</c>, <c>timed_out</c> or <c>failed</c> for one cut short after it began.</param>
/// <param name="Estimated">
/// True when the worker's own count never arrived (the answer was cut before its usage): prompt tokens are
/// estimated from the request, completion tokens are the events streamed (about one per token).
/// </param>
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
    double? QueueWaitMs = null,
    string? Ended = null,
    bool Estimated = false);
