using System.Text;
using System.Text.Json;
using LlMesh.ApiFormats.Requests;
using LlMesh.ApiFormats.Tests.Support;

namespace LlMesh.ApiFormats.Tests.Requests;

public sealed class AnthropicToOpenAiRequestTests
{
    [Fact]
    public void Translate_ClaudeCodeTurn_MatchesRecordedOpenAiShape()
    {
        var result = AnthropicToOpenAiRequest.Translate(Payload.Bytes("Requests/claude-code-turn.json"));

        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.True(result.IsStreaming);
        Assert.Equal("claude-sonnet-4-5-20250929", result.Model);
        JsonAssert.Equal(Payload.Text("Requests/claude-code-turn.openai.json"), result.Body);
    }

    [Fact]
    public void Translate_ToolResults_ComeRightAfterTheAssistantCalls_BeforeTheUserText()
    {
        var messages = TranslateMessages(Payload.Text("Requests/claude-code-turn.json"));

        var roles = messages.Select(m => m.GetProperty("role").GetString()).ToArray();
        Assert.Equal(new string?[] { "system", "user", "assistant", "tool", "tool", "user", "assistant", "user" }, roles);
        var callIds = messages[2].GetProperty("tool_calls").EnumerateArray().Select(c => c.GetProperty("id").GetString());
        var resultIds = messages.Where(m => m.GetProperty("role").GetString() == "tool").Select(m => m.GetProperty("tool_call_id").GetString());
        Assert.Equal(callIds, resultIds);
    }

    [Fact]
    public void Translate_ReportsTheSameEstimateAsCountTokens()
    {
        var body = Payload.Bytes("Requests/claude-code-turn.json");

        var result = AnthropicToOpenAiRequest.Translate(body);

        Assert.True(LlMesh.ApiFormats.Tokens.AnthropicTokenCount.TryEstimate(body, out var estimate));
        Assert.True(estimate > 0);
        Assert.Equal(estimate, result.EstimatedInputTokens);
    }

    [Fact]
    public void Translate_ModelOverride_ReplacesTheCallersModel()
    {
        var result = AnthropicToOpenAiRequest.Translate(Utf8(MinimalRequest), "qwen2.5-coder-32b");

        Assert.Equal("qwen2.5-coder-32b", result.Model);
        Assert.Equal("qwen2.5-coder-32b", Root(result).GetProperty("model").GetString());
    }

    [Fact]
    public void Translate_NonStreaming_WritesNeitherStreamNorStreamOptions()
    {
        var root = Root(AnthropicToOpenAiRequest.Translate(Utf8(MinimalRequest)));

        Assert.False(root.TryGetProperty("stream", out _));
        Assert.False(root.TryGetProperty("stream_options", out _));
        Assert.Equal(1024, root.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public void Translate_SystemString_BecomesFirstSystemMessage()
    {
        var messages = TranslateMessages("""
            {"model":"m","max_tokens":10,"system":"Be brief.","messages":[{"role":"user","content":"Hi"}]}
            """);

        JsonAssert.Equal("""{"role":"system","content":"Be brief."}""", Utf8(messages[0].GetRawText()));
        JsonAssert.Equal("""{"role":"user","content":"Hi"}""", Utf8(messages[1].GetRawText()));
    }

    [Fact]
    public void Translate_EmptySystem_WritesNoSystemMessage()
    {
        var messages = TranslateMessages("""
            {"model":"m","max_tokens":10,"system":[],"messages":[{"role":"user","content":"Hi"}]}
            """);

        Assert.Single(messages);
    }

    [Fact]
    public void Translate_SamplingParameters_AreCopied()
    {
        var root = Root(AnthropicToOpenAiRequest.Translate(Utf8("""
            {"model":"m","max_tokens":256,"temperature":0.2,"top_p":0.95,"top_k":40,"stop_sequences":["\n\nHuman:","END"],
             "metadata":{"user_id":"u-1"},"service_tier":"auto","messages":[{"role":"user","content":"Hi"}]}
            """)));

        Assert.Equal(256, root.GetProperty("max_tokens").GetInt32());
        Assert.Equal("0.2", root.GetProperty("temperature").GetRawText());
        Assert.Equal("0.95", root.GetProperty("top_p").GetRawText());
        Assert.Equal(40, root.GetProperty("top_k").GetInt32());
        Assert.Equal(["\n\nHuman:", "END"], root.GetProperty("stop").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("u-1", root.GetProperty("user").GetString());
        Assert.False(root.TryGetProperty("service_tier", out _));
        Assert.False(root.TryGetProperty("metadata", out _));
    }

    [Fact]
    public void Translate_MultipleToolCallsInOneTurn_KeepsEachCallAndResultPaired()
    {
        var messages = TranslateMessages("""
            {"model":"m","max_tokens":100,"messages":[
              {"role":"user","content":"Weather in Paris and Tokyo?"},
              {"role":"assistant","content":[
                {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris","units":{"temp":"C"}}},
                {"type":"tool_use","id":"toolu_2","name":"get_weather","input":{"city":"Tokyo"}},
                {"type":"tool_use","id":"toolu_3","name":"get_time","input":{}}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"toolu_1","content":"18°C"},
                {"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"22°C"},{"type":"text","text":"humid"}]},
                {"type":"tool_result","tool_use_id":"toolu_3"}]}]}
            """);

        Assert.Equal(5, messages.Count);
        var assistant = messages[1];
        Assert.Equal("", assistant.GetProperty("content").GetString());
        var calls = assistant.GetProperty("tool_calls").EnumerateArray().ToArray();
        Assert.Equal(3, calls.Length);
        Assert.Equal("""{"city":"Paris","units":{"temp":"C"}}""", calls[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("{}", calls[2].GetProperty("function").GetProperty("arguments").GetString());
        JsonAssert.Equal("""{"role":"tool","tool_call_id":"toolu_1","content":"18°C"}""", Utf8(messages[2].GetRawText()));
        JsonAssert.Equal("""{"role":"tool","tool_call_id":"toolu_2","content":"22°C\nhumid"}""", Utf8(messages[3].GetRawText()));
        JsonAssert.Equal("""{"role":"tool","tool_call_id":"toolu_3","content":""}""", Utf8(messages[4].GetRawText()));
    }

    [Fact]
    public void Translate_ToolResultImages_FollowTheToolMessagesInAUserMessage()
    {
        var messages = TranslateMessages("""
            {"model":"m","max_tokens":100,"messages":[
              {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"screenshot","input":{}}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"t1","content":[
                  {"type":"text","text":"Captured."},
                  {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}}]},
                {"type":"text","text":"What do you see?"}]}]}
            """);

        Assert.Equal(["assistant", "tool", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.StartsWith("Captured.\n[1 image(s)", messages[1].GetProperty("content").GetString(), StringComparison.Ordinal);
        JsonAssert.Equal(
            """[{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}},{"type":"text","text":"What do you see?"}]""",
            Utf8(messages[2].GetProperty("content").GetRawText()));
    }

    [Fact]
    public void Translate_ErrorToolResultWithoutContent_SaysError()
    {
        var messages = TranslateMessages("""
            {"model":"m","max_tokens":100,"messages":[
              {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"run","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","is_error":true}]}]}
            """);

        Assert.Equal("Error", messages[1].GetProperty("content").GetString());
    }

    [Fact]
    public void Translate_ImageWithUrlSource_BecomesImageUrl()
    {
        var messages = TranslateMessages("""
            {"model":"m","max_tokens":100,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"url","url":"https://example.com/cat.png"}},
              {"type":"image","source":{"type":"file","file_id":"file_011"}}]}]}
            """);

        JsonAssert.Equal(
            """[{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]""",
            Utf8(messages[0].GetProperty("content").GetRawText()));
    }

    [Fact]
    public void Translate_EmptyContent_IsKeptOrSkippedWithoutBreakingTheConversation()
    {
        var messages = TranslateMessages("""
            {"model":"m","max_tokens":100,"messages":[
              {"role":"user","content":""},
              {"role":"assistant","content":[]},
              {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"x"}]},
              {"role":"user","content":[]},
              {"role":"user","content":[{"type":"text","text":""}]}]}
            """);

        Assert.Equal(2, messages.Count);
        JsonAssert.Equal("""{"role":"user","content":""}""", Utf8(messages[0].GetRawText()));
        JsonAssert.Equal("""{"role":"user","content":""}""", Utf8(messages[1].GetRawText()));
    }

    [Fact]
    public void Translate_AssistantTextBlocks_AreJoinedIntoOneString()
    {
        var messages = TranslateMessages("""
            {"model":"m","max_tokens":100,"messages":[{"role":"assistant","content":[
              {"type":"text","text":"First."},{"type":"text","text":"Second \"quoted\" \u00e9."}]}]}
            """);

        Assert.Equal("First.\nSecond \"quoted\" é.", messages[0].GetProperty("content").GetString());
    }

    [Theory]
    [InlineData("""{"type":"auto"}""", "\"auto\"")]
    [InlineData("""{"type":"any"}""", "\"required\"")]
    [InlineData("""{"type":"none"}""", "\"none\"")]
    [InlineData("""{"type":"tool","name":"get_weather"}""", """{"type":"function","function":{"name":"get_weather"}}""")]
    public void Translate_ToolChoice_MapsToOpenAi(string anthropicChoice, string openAiChoice)
    {
        var root = Root(AnthropicToOpenAiRequest.Translate(Utf8(WithTools($"\"tool_choice\":{anthropicChoice}"))));

        JsonAssert.Equal(openAiChoice, Utf8(root.GetProperty("tool_choice").GetRawText()));
        Assert.False(root.TryGetProperty("parallel_tool_calls", out _));
    }

    [Fact]
    public void Translate_DisableParallelToolUse_SetsParallelToolCallsFalse()
    {
        var root = Root(AnthropicToOpenAiRequest.Translate(Utf8(WithTools("""
            "tool_choice":{"type":"auto","disable_parallel_tool_use":true}
            """))));

        Assert.False(root.GetProperty("parallel_tool_calls").GetBoolean());
    }

    [Fact]
    public void Translate_Tools_MapInputSchemaToParameters_AndDropServerTools()
    {
        var root = Root(AnthropicToOpenAiRequest.Translate(Utf8("""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tools":[
              {"name":"get_weather","description":"Current weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
              {"type":"custom","name":"no_schema"},
              {"type":"web_search_20250305","name":"web_search","max_uses":5},
              {"type":"bash_20250124","name":"bash"}]}
            """)));

        JsonAssert.Equal("""
            [{"type":"function","function":{"name":"get_weather","description":"Current weather",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}},
             {"type":"function","function":{"name":"no_schema","parameters":{"type":"object","properties":{}}}}]
            """, Utf8(root.GetProperty("tools").GetRawText()));
    }

    [Fact]
    public void Translate_ToolChoiceWithoutUsableTools_IsDropped()
    {
        var root = Root(AnthropicToOpenAiRequest.Translate(Utf8("""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],
             "tools":[{"type":"web_search_20250305","name":"web_search"}],"tool_choice":{"type":"any"}}
            """)));

        Assert.False(root.TryGetProperty("tools", out _));
        Assert.False(root.TryGetProperty("tool_choice", out _));
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[]}""", "max_tokens: Field required")]
    [InlineData("""{"model":"m","max_tokens":"10","messages":[]}""", "max_tokens: Input should be a valid integer")]
    [InlineData("""{"model":"m","max_tokens":1.5,"messages":[]}""", "max_tokens: Input should be a valid integer")]
    [InlineData("""{"model":"m","max_tokens":0,"messages":[]}""", "max_tokens: Input should be greater than or equal to 1")]
    [InlineData("""{"max_tokens":10,"messages":[]}""", "model: Field required")]
    [InlineData("""{"model":"m","max_tokens":10}""", "messages: Field required")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":{}}""", "messages: Input should be a valid list")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"system","content":"x"}]}""", "messages.0.role: Input should be 'user' or 'assistant'")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user"}]}""", "messages.0.content: Field required")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"text":"x"}]}]}""", "messages.0.content: Each content block needs a 'type'")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[],"temperature":"hot"}""", "temperature: Input should be a valid number")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[],"stop_sequences":[1]}""", "stop_sequences: Input should be a list of strings")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[],"tools":[{"description":"x"}]}""", "tools.0.name: Field required")]
    [InlineData("""{"model":"m","max_tokens":10,"messages":[],"system":[{"type":"image"}]}""", "system.0: Input should be a text block")]
    [InlineData("""[1,2]""", "The request body must be a JSON object.")]
    public void Translate_InvalidRequest_ReturnsAnthropicStyleError(string body, string expectedError)
    {
        var result = AnthropicToOpenAiRequest.Translate(Utf8(body));

        Assert.False(result.Succeeded);
        Assert.Null(result.Body);
        Assert.Equal(expectedError, result.ErrorMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"model\":")]
    [InlineData("{} {}")]
    public void Translate_MalformedJson_ReturnsError(string body)
    {
        var result = AnthropicToOpenAiRequest.Translate(Utf8(body));

        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrEmpty(result.ErrorMessage));
    }

    [Fact]
    public void Translate_LargeBase64Image_IsCopiedIntact()
    {
        var data = Convert.ToBase64String(Enumerable.Range(0, 3_000_000).Select(i => (byte)i).ToArray());
        var messages = TranslateMessages($$$"""
            {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"{{{data.Replace("/", "\\/", StringComparison.Ordinal)}}}"}}]}]}
            """);

        var url = messages[0].GetProperty("content")[0].GetProperty("image_url").GetProperty("url").GetString();
        Assert.Equal("data:image/png;base64," + data, url);
    }

    private const string MinimalRequest = """{"model":"claude-3-5-haiku-latest","max_tokens":1024,"messages":[{"role":"user","content":"Hello"}]}""";

    private static string WithTools(string extra) =>
        """{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{}}}],"""
        + extra + "}";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static JsonElement Root(AnthropicRequestTranslation result)
    {
        Assert.True(result.Succeeded, result.ErrorMessage);
        return JsonAssert.Parse(result.Body);
    }

    private static List<JsonElement> TranslateMessages(string anthropicJson) =>
        Root(AnthropicToOpenAiRequest.Translate(Utf8(anthropicJson))).GetProperty("messages").EnumerateArray().ToList();
}
