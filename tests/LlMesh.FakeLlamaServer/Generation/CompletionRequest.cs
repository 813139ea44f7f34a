namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>What the fake needs from a completion request, whatever dialect it came in.</summary>
/// <param name="MaxTokens">The request's generation limit, or null when it sets none (or a negative one, meaning "unlimited").</param>
/// <param name="PromptTokens">Estimated prompt length, see <see cref="PromptTokenEstimator"/>.</param>
internal sealed record CompletionRequest(bool Stream, int? MaxTokens, int PromptTokens, bool IncludeUsage, string PromptText)
{
    /// <summary>What the fake model answers: plain text unless the dialect saw tools or a tool result in the request.</summary>
    public ReplyPlan Reply { get; init; } = ReplyPlan.Plain;
}
