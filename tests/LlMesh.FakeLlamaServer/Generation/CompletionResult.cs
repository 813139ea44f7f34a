namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>The outcome of a finished generation.</summary>
/// <param name="Content">All generated text (empty in the final event of a stream).</param>
/// <param name="Truncated">True when the request's token limit cut generation short ("length").</param>
internal sealed record CompletionResult(string Content, int Tokens, bool Truncated, GenerationTimings Timings)
{
    /// <summary>True when the answer is a (complete or cut) tool call rather than text.</summary>
    public bool CalledTool { get; init; }

    public string FinishReason => Truncated ? "length" : CalledTool ? "tool_calls" : "stop";
}
