namespace LlMesh.ApiFormats.Streaming;

/// <summary>The parts of one <c>chat.completion.chunk</c> the translation uses; reused from event to event.</summary>
internal sealed class OpenAiChunk
{
    public string? Id { get; set; }

    public string? Model { get; set; }

    /// <summary><c>delta.content</c> (or <c>delta.refusal</c>) of the first choice.</summary>
    public string? Content { get; set; }

    /// <summary><c>delta.reasoning_content</c> (llama-server, vLLM) or <c>delta.reasoning</c>.</summary>
    public string? Reasoning { get; set; }

    public List<ToolCallDelta> ToolCalls { get; } = [];

    public string? FinishReason { get; set; }

    /// <summary>vLLM's <c>choices[].stop_reason</c> when it is the matched stop string.</summary>
    public string? MatchedStopSequence { get; set; }

    public bool HasUsage { get; set; }

    public int PromptTokens { get; set; }

    public int CompletionTokens { get; set; }

    public int CachedTokens { get; set; }

    /// <summary>llama-server <c>timings.prompt_per_second</c>, sent with the usage chunk.</summary>
    public double? PromptPerSecond { get; set; }

    /// <summary>llama-server <c>timings.predicted_per_second</c>.</summary>
    public double? PredictedPerSecond { get; set; }

    /// <summary>Set when the event is <c>{"error": …}</c>.</summary>
    public string? ErrorMessage { get; set; }

    public void Reset()
    {
        Id = null;
        Model = null;
        Content = null;
        Reasoning = null;
        ToolCalls.Clear();
        FinishReason = null;
        MatchedStopSequence = null;
        HasUsage = false;
        PromptTokens = 0;
        CompletionTokens = 0;
        CachedTokens = 0;
        PromptPerSecond = null;
        PredictedPerSecond = null;
        ErrorMessage = null;
    }
}
