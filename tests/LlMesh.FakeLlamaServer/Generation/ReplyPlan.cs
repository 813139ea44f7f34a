namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>
/// What the fake model says, decided from the request: the usual <see cref="FakeLlamaServer.TokenText"/> tokens, the
/// same tokens after an echo of a tool result (one extra leading token), or a tool call whose argument fragments are
/// the tokens.
/// </summary>
internal sealed record ReplyPlan(string? ToolResultEcho, ToolCallPlan? ToolCall)
{
    public static readonly ReplyPlan Plain = new(ToolResultEcho: null, ToolCall: null);

    public static ReplyPlan EchoingToolResult(string toolResult) => new(FakeLlamaServer.ToolResultEcho(toolResult), ToolCall: null);

    public static ReplyPlan Calling(ToolCallPlan toolCall) => new(ToolResultEcho: null, toolCall);

    /// <summary>How many tokens the model wants before it stops on its own (a request limit may cut it shorter).</summary>
    public int NaturalTokens(int defaultTokens) =>
        ToolCall?.Fragments.Count ?? defaultTokens + (ToolResultEcho is null ? 0 : 1);

    /// <summary>The first <paramref name="tokens"/> tokens joined: the whole answer, for a stream's closing events.</summary>
    public string Text(int tokens) => string.Concat(Enumerable.Range(0, tokens).Select(Token));

    /// <summary>The text of token <paramref name="index"/>: an argument fragment for a tool call, else answer text.</summary>
    public string Token(int index)
    {
        if (ToolCall is not null)
        {
            return ToolCall.Fragments[index];
        }

        if (ToolResultEcho is null)
        {
            return FakeLlamaServer.TokenText(index);
        }

        return index == 0 ? ToolResultEcho : FakeLlamaServer.TokenText(index - 1);
    }
}
