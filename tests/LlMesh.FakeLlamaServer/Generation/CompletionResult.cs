namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>The outcome of a finished generation.</summary>
/// <param name="Content">All generated text (empty in the final event of a stream).</param>
/// <param name="Truncated">True when the request's token limit cut generation short ("length").</param>
internal sealed record CompletionResult(string Content, int Tokens, bool Truncated, GenerationTimings Timings)
{
    public string FinishReason => Truncated ? "length" : "stop";
}
