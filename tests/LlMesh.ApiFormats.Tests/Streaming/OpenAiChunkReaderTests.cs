using System.Text;
using LlMesh.ApiFormats.Streaming;

namespace LlMesh.ApiFormats.Tests.Streaming;

public sealed class OpenAiChunkReaderTests
{
    [Fact]
    public void TryRead_LlamaServerUsageChunk_ReadsUsage()
    {
        var chunk = Read("""
            {"choices":[],"created":1,"id":"chatcmpl-x","model":"m","object":"chat.completion.chunk",
             "usage":{"completion_tokens":41,"prompt_tokens":1830,"total_tokens":1871,"prompt_tokens_details":{"cached_tokens":1792}},
             "timings":{"cache_n":1792,"prompt_n":38,"predicted_per_second":73.2}}
            """);

        Assert.True(chunk.HasUsage);
        Assert.Equal((1830, 41, 1792), (chunk.PromptTokens, chunk.CompletionTokens, chunk.CachedTokens));
        Assert.Null(chunk.FinishReason);
    }

    [Fact]
    public void TryRead_NullUsageOnEveryChunk_IsNotUsage()
    {
        var chunk = Read("""{"choices":[{"index":0,"delta":{"content":"a"}}],"usage":null}""");

        Assert.False(chunk.HasUsage);
        Assert.Equal("a", chunk.Content);
    }

    [Fact]
    public void TryRead_OnlyTheFirstChoiceCounts()
    {
        var chunk = Read("""{"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null},{"index":1,"delta":{"content":"b"},"finish_reason":"stop"}]}""");

        Assert.Equal("a", chunk.Content);
        Assert.Null(chunk.FinishReason);
    }

    [Theory]
    [InlineData("""{"error":{"code":500,"message":"boom","type":"server_error"}}""", "boom")]
    [InlineData("""{"error":"plain"}""", "plain")]
    [InlineData("""{"error":{"code":503}}""", "The backend reported an error.")]
    public void TryRead_ErrorEvent_ReadsTheMessage(string json, string message)
    {
        Assert.Equal(message, Read(json).ErrorMessage);
    }

    [Fact]
    public void TryRead_UnexpectedShapes_AreSkippedNotFatal()
    {
        var chunk = Read("""
            {"extra":{"deep":[1,{"a":[true,null]}]},"choices":[{"delta":{"tool_calls":[{"index":0,"function":null},{"index":"1","id":"c","function":{"name":"n","arguments":7}}],"content":5}}],"error":null}
            """);

        Assert.Equal(2, chunk.ToolCalls.Count);
        Assert.Equal(new ToolCallDelta(null, "c", "n", null), chunk.ToolCalls[1]);
        Assert.Null(chunk.ErrorMessage);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("""{"choices":[""")]
    [InlineData("""{"a":1} {"b":2}""")]
    public void TryRead_NotAJsonObject_ReturnsFalse(string json)
    {
        Assert.False(OpenAiChunkReader.TryRead(Encoding.UTF8.GetBytes(json), new OpenAiChunk()));
    }

    private static OpenAiChunk Read(string json)
    {
        var chunk = new OpenAiChunk();
        Assert.True(OpenAiChunkReader.TryRead(Encoding.UTF8.GetBytes(json), chunk));
        return chunk;
    }
}
