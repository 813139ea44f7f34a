namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>How many tokens a request gets and whether it fails, fixed when it takes its slot.</summary>
/// <param name="FailAfter">Sent-token count at which the request fails, or null when it completes.</param>
internal readonly record struct GenerationPlan(int Tokens, bool Truncated, int? FailAfter)
{
    public static GenerationPlan For(CompletionRequest request, FakeLlamaServerBehavior behavior)
    {
        var natural = request.Reply.NaturalTokens(behavior.DefaultTokens);
        var tokens = request.MaxTokens is { } max ? Math.Min(max, natural) : natural;

        // The fake "model" wants `natural` tokens then stops; a smaller limit cuts it off ("length").
        var truncated = request.MaxTokens is { } limit && limit < natural;
        var failAfter = behavior.FailAfterTokens is { } fail && fail <= tokens ? fail : (int?)null;
        return new GenerationPlan(tokens, truncated, failAfter);
    }

    public bool FailsAt(int sent) => FailAfter == sent;
}
