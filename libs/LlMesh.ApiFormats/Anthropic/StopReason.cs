namespace LlMesh.ApiFormats.Anthropic;

/// <summary>Maps an OpenAI <c>finish_reason</c> to an Anthropic <c>stop_reason</c> and <c>stop_sequence</c>.</summary>
/// <remarks>
/// OpenAI says <c>stop</c> both for an end-of-turn token and for a matched stop sequence, and llama-server
/// strips the matched sequence from the text, so the text cannot tell them apart. Only an explicit signal
/// counts: vLLM's <c>choices[].stop_reason</c> holds the matched stop string. Without it the answer is
/// <c>end_turn</c>, which is also what llama-server's own Anthropic endpoint reports.
/// </remarks>
internal static class StopReason
{
    internal const string EndTurn = "end_turn";
    internal const string MaxTokens = "max_tokens";
    internal const string StopSequence = "stop_sequence";
    internal const string ToolUse = "tool_use";
    internal const string Refusal = "refusal";

    internal static (string Reason, string? Sequence) FromFinishReason(string? finishReason, bool hasToolCalls, string? matchedStopSequence) =>
        finishReason switch
        {
            "length" => (MaxTokens, null),
            "tool_calls" or "function_call" => (ToolUse, null),
            "content_filter" => (Refusal, null),
            "stop" when matchedStopSequence is not null && !hasToolCalls => (StopSequence, matchedStopSequence),
            _ => (hasToolCalls ? ToolUse : EndTurn, null),
        };
}
