using System.Text;
using System.Text.Json;
using LlMesh.ApiFormats.Responses;
using LlMesh.ApiFormats.Tests.Support;

namespace LlMesh.ApiFormats.Tests.Responses;

public sealed class OpenAiToAnthropicResponseTests
{
    [Fact]
    public void Translate_LlamaServerTextAnswer_GivesAnthropicMessage()
    {
        var body = OpenAiToAnthropicResponse.Translate(Payload.Bytes("Responses/llama-server-text.json"), "claude-sonnet-4-5");

        JsonAssert.Equal("""
            {"id":"msg_Xq3Lr0aV9mT2kPz8","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":"Paris is the capital of France."}],
             "stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":8,"cache_creation_input_tokens":0,"cache_read_input_tokens":16,"output_tokens":8}}
            """, body);
    }

    [Fact]
    public void Translate_MultipleToolCalls_BecomeToolUseBlocksWithParsedInput()
    {
        var body = OpenAiToAnthropicResponse.Translate(Payload.Bytes("Responses/llama-server-tool-calls.json"), "claude-sonnet-4-5");

        JsonAssert.Equal("""
            {"id":"msg_Tc8Rk2Wm5Hq1Jv7N","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[
               {"type":"tool_use","id":"Vt7hR2cJ0fXbQm1s","name":"Bash","input":{"command":"ls -la","description":"List files"}},
               {"type":"tool_use","id":"Lp2Wq9Zk4nYt8Ud3","name":"Read","input":{"file_path":"/repo/README.md"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":38,"cache_creation_input_tokens":0,"cache_read_input_tokens":1792,"output_tokens":41}}
            """, body);
    }

    [Theory]
    [InlineData("stop", "end_turn")]
    [InlineData("length", "max_tokens")]
    [InlineData("tool_calls", "tool_use")]
    [InlineData("content_filter", "refusal")]
    [InlineData(null, "end_turn")]
    [InlineData("something_new", "end_turn")]
    public void Translate_FinishReason_MapsToStopReason(string? finishReason, string stopReason)
    {
        var root = Translate(Completion("\"content\":\"x\"", finishReason is null ? "null" : $"\"{finishReason}\""));

        Assert.Equal(stopReason, root.GetProperty("stop_reason").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("stop_sequence").ValueKind);
    }

    [Fact]
    public void Translate_VllmMatchedStopString_GivesStopSequence()
    {
        var root = Translate("""
            {"id":"cmpl-1","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"SELECT 1"},"finish_reason":"stop","stop_reason":";"}]}
            """);

        Assert.Equal("stop_sequence", root.GetProperty("stop_reason").GetString());
        Assert.Equal(";", root.GetProperty("stop_sequence").GetString());
    }

    [Fact]
    public void Translate_VllmStopTokenId_IsEndTurn()
    {
        var root = Translate("""
            {"id":"cmpl-1","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"done"},"finish_reason":"stop","stop_reason":151645}]}
            """);

        Assert.Equal("end_turn", root.GetProperty("stop_reason").GetString());
    }

    [Fact]
    public void Translate_ToolCallsWithFinishStop_IsStillToolUse()
    {
        var root = Translate(Completion("""
            "content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]
            """, "\"stop\""));

        Assert.Equal("tool_use", root.GetProperty("stop_reason").GetString());
    }

    [Theory]
    [InlineData("\"content\":null")]
    [InlineData("\"content\":\"\"")]
    public void Translate_EmptyContent_GivesEmptyContentList(string content)
    {
        var root = Translate(Completion(content, "\"stop\""));

        Assert.Empty(root.GetProperty("content").EnumerateArray());
    }

    [Fact]
    public void Translate_ReasoningContent_BecomesThinkingBlockFirst()
    {
        var root = Translate(Completion("\"content\":\"42\",\"reasoning_content\":\"6 times 7\"", "\"stop\""));

        JsonAssert.Equal(
            """[{"type":"thinking","thinking":"6 times 7","signature":""},{"type":"text","text":"42"}]""",
            Encoding.UTF8.GetBytes(root.GetProperty("content").GetRawText()));
    }

    [Theory]
    [InlineData("\"{\\\"city\\\": \\\"Par\"")]
    [InlineData("\"not json\"")]
    [InlineData("\"[1,2]\"")]
    [InlineData("null")]
    public void Translate_ArgumentsThatAreNotAnObject_BecomeEmptyInput(string arguments)
    {
        var root = Translate(Completion(
            "\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":" + arguments + "}}]",
            "\"length\""));

        var block = root.GetProperty("content")[0];
        Assert.Equal("{}", block.GetProperty("input").GetRawText());
        Assert.Equal("max_tokens", root.GetProperty("stop_reason").GetString());
    }

    [Fact]
    public void Translate_ArgumentsAlreadyAnObject_AreKept()
    {
        var root = Translate(Completion("""
            "content":"","tool_calls":[{"function":{"name":"f","arguments":{"a":[1,2]}}}]
            """, "\"tool_calls\""));

        var block = root.GetProperty("content")[0];
        Assert.Equal("""{"a":[1,2]}""", block.GetProperty("input").GetRawText());
        Assert.StartsWith("toolu_", block.GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_WithoutRequestedModelOrUsage_UsesBackendModelAndZeros()
    {
        var root = Translate(Completion("\"content\":\"hi\"", "\"stop\""), requestedModel: null);

        Assert.Equal("backend-model", root.GetProperty("model").GetString());
        JsonAssert.Equal(
            """{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}""",
            Encoding.UTF8.GetBytes(root.GetProperty("usage").GetRawText()));
    }

    [Theory]
    [InlineData("{\"error\":{\"message\":\"boom\"}}")]
    [InlineData("{\"choices\":[]}")]
    [InlineData("not json")]
    public void Translate_NotAChatCompletion_ThrowsFormatException(string body)
    {
        Assert.Throws<FormatException>(() => OpenAiToAnthropicResponse.Translate(Encoding.UTF8.GetBytes(body), "m"));
    }

    private static string Completion(string messageFields, string finishReason) => $$"""
        {"id":"chatcmpl-abc","object":"chat.completion","model":"backend-model",
         "choices":[{"index":0,"message":{"role":"assistant",{{messageFields}}},"finish_reason":{{finishReason}}}]}
        """;

    private static JsonElement Translate(string openAiJson, string? requestedModel = "m") =>
        JsonAssert.Parse(OpenAiToAnthropicResponse.Translate(Encoding.UTF8.GetBytes(openAiJson), requestedModel));
}
