using System.Text;
using LlMesh.ApiFormats.Tokens;
using LlMesh.ApiFormats.Tests.Support;

namespace LlMesh.ApiFormats.Tests.Tokens;

public sealed class UsageReaderTests
{
    [Fact]
    public void TryRead_LlamaServerChatResponse_ReadsUsageAndSpeeds()
    {
        Assert.True(UsageReader.TryRead(Payload.Bytes("Responses/llama-server-text.json"), out var usage));

        Assert.Equal(new Usage(24, 8, 16, 194.17, 71.11), usage);
    }

    [Fact]
    public void TryRead_LlamaServerUsageChunkAsSseEvent_ReadsIt()
    {
        var lastEvents = Payload.Text("Streams/llama-server-tool-calls.sse").Split("\n\n")[^3..];

        Assert.True(UsageReader.TryRead(Encoding.UTF8.GetBytes(string.Join("\n\n", lastEvents)), out var usage));

        Assert.Equal(1830, usage.PromptTokens);
        Assert.Equal(41, usage.CompletionTokens);
        Assert.Equal(1792, usage.CachedTokens);
        Assert.Equal(315.35, usage.PromptTokensPerSecond);
        Assert.Equal(73.21, usage.GenerationTokensPerSecond);
    }

    [Fact]
    public void TryRead_ContentChunkWithoutUsage_ReturnsFalse()
    {
        Assert.False(UsageReader.TryRead("""{"choices":[{"index":0,"delta":{"content":"hi"}}],"usage":null}"""u8, out var usage));
        Assert.Null(usage);
    }

    [Fact]
    public void TryRead_AnthropicMessage_AddsCacheReadsBackIntoPromptTokens()
    {
        Assert.True(UsageReader.TryRead("""
            {"id":"msg_1","type":"message","role":"assistant","content":[],
             "usage":{"input_tokens":38,"cache_creation_input_tokens":2,"cache_read_input_tokens":1792,"output_tokens":41}}
            """u8, out var usage));

        Assert.Equal(new Usage(1832, 41, 1792, null, null), usage);
    }

    [Fact]
    public void TryRead_AnthropicMessageStartEvent_ReadsNestedUsage()
    {
        Assert.True(UsageReader.TryRead(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"content\":[],\"usage\":{\"input_tokens\":25,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}\n\n"u8,
            out var usage));

        Assert.Equal((125, 1, 100), (usage.PromptTokens, usage.CompletionTokens, usage.CachedTokens));
    }

    [Fact]
    public void TryRead_AnthropicMessageDeltaEvent_ReadsOutputTokens()
    {
        Assert.True(UsageReader.TryRead(
            "event: message_delta\r\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\r\n\r\n"u8,
            out var usage));

        Assert.Equal(new Usage(0, 15, 0, null, null), usage);
    }

    [Fact]
    public void TryRead_TranslatedAnthropicStream_LaterEventsWin()
    {
        var stream = Payload.Bytes("Streams/llama-server-text.anthropic.sse");

        Assert.True(UsageReader.TryRead(stream, out var usage));

        Assert.Equal(new Usage(24, 7, 16, null, null), usage);
    }

    [Fact]
    public void TryRead_ResponsesStreamEnd_ReadsTheCompletedResponsesUsageAndTimings()
    {
        Assert.True(UsageReader.TryRead(Payload.Bytes("Streams/llama-server-responses-end.sse"), out var usage));

        // Responses' input_tokens already includes the cached ones (unlike Anthropic's).
        Assert.Equal(new Usage(24, 8, 16, 194.17, 71.11), usage);
    }

    [Fact]
    public void TryRead_ResponsesObject_ReadsTopLevelUsage()
    {
        Assert.True(UsageReader.TryRead("""
            {"id":"resp_1","object":"response","status":"completed","output":[],
             "usage":{"input_tokens":30,"output_tokens":4,"total_tokens":34,"input_tokens_details":{"cached_tokens":6}}}
            """u8, out var usage));

        Assert.Equal(new Usage(30, 4, 6, null, null), usage);
    }

    [Fact]
    public void TryRead_LlamaServerNativeCompletionTimingsOnly_UsesTimingCounts()
    {
        Assert.True(UsageReader.TryRead("""
            {"content":"hi","stop":true,"timings":{"cache_n":100,"prompt_n":20,"prompt_per_second":500.5,"predicted_n":5,"predicted_per_second":60.25}}
            """u8, out var usage));

        Assert.Equal(new Usage(120, 5, 100, 500.5, 60.25), usage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData(": keep-alive\n\n")]
    [InlineData("data: [DONE]\n\n")]
    [InlineData("{\"usage\":")]
    public void TryRead_NothingUsable_ReturnsFalse(string input)
    {
        Assert.False(UsageReader.TryRead(Encoding.UTF8.GetBytes(input), out _));
    }
}
