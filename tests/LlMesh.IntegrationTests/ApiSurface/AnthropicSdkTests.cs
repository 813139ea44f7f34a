using System.Text.Json;
using Anthropic.Models.Messages;
using LlMesh.Testing;
using static LlMesh.IntegrationTests.ApiSurface.AnthropicConversation;

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>
/// The official Anthropic .NET SDK against the gateway, each test once with a backend that serves <c>/v1/messages</c>
/// (forwarded unchanged) and once with one that speaks only OpenAI chat (translated both ways): same answers.
/// </summary>
[Trait(PublishedBuilds.Trait, PublishedBuilds.Value)]
[Collection(AnthropicMeshesDefinition.Name)]
public sealed class AnthropicSdkTests(AnthropicMeshesFixture meshes)
{
    public static TheoryData<bool> Backends => new() { true, false };

    public static TheoryData<bool, bool> BackendsAndStreaming => new() { { true, false }, { true, true }, { false, false }, { false, true } };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Message_NonStreaming_ReturnsTheModelsText(bool native)
    {
        var mesh = meshes.For(native);
        var capture = new RequestCapture();
        using var client = SdkClients.Anthropic(mesh, capture);
        var marker = Marker("plain", native);

        var message = await client.Messages.Create(Ask(mesh, $"Say hello {marker}", maxTokens: 5));

        Assert.Equal(Tokens(5), TextOf(message));
        Assert.Equal("max_tokens", message.StopReason?.Raw());
        Assert.Equal(mesh.Model, message.Model.Raw());
        Assert.StartsWith("msg_", message.ID, StringComparison.Ordinal);
        Assert.Equal(5, message.Usage.OutputTokens);
        Assert.True(message.Usage.InputTokens > 0);

        var received = BackendRequest(mesh, marker);
        Assert.Null(received.Header("Authorization"));
        Assert.Null(received.Header("x-api-key"));
        if (native)
        {
            // Pass-through: the backend got the SDK's request byte for byte.
            Assert.Equal("/v1/messages", received.Path);
            Assert.Equal(Assert.Single(capture.Sent).Body, received.Body);
        }
        else
        {
            Assert.Equal("/v1/chat/completions", received.Path);
            var chat = JsonDocument.Parse(received.Body).RootElement;
            Assert.Equal(5, chat.GetProperty("max_tokens").GetInt32());
            var only = Assert.Single(chat.GetProperty("messages").EnumerateArray());
            Assert.Equal("user", only.GetProperty("role").GetString());
            Assert.Contains(marker, only.GetProperty("content").ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Message_Streaming_DeliversEventsInOrderWithEveryToken(bool native)
    {
        var mesh = meshes.For(native);
        using var client = SdkClients.Anthropic(mesh);
        var marker = Marker("stream", native);

        var streamed = await StreamedMessage.ReadAsync(client.Messages.CreateStreaming(Ask(mesh, $"Say hello {marker}", maxTokens: 8)));

        Assert.Equal(Tokens(8), streamed.Text);
        Assert.Equal(8, streamed.TextDeltas);
        Assert.Equal("max_tokens", streamed.StopReason);
        Assert.Equal(8, streamed.OutputTokens);
        Assert.True(streamed.StartInputTokens > 0, "message_start announces the prompt size");
        Assert.Equal(mesh.Model, streamed.Model);
        Assert.Equal(
            ["message_start", "content_block_start", .. Enumerable.Repeat("content_block_delta", 8), "content_block_stop", "message_delta", "message_stop"],
            streamed.Events);

        var received = BackendRequest(mesh, marker);
        Assert.True(received.Stream);
        Assert.Equal(native ? "/v1/messages" : "/v1/chat/completions", received.Path);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task SystemPrompt_ReachesTheBackend(bool native)
    {
        var mesh = meshes.For(native);
        using var client = SdkClients.Anthropic(mesh);
        var marker = Marker("system", native);
        var system = $"You are a terse assistant. {marker}";

        var message = await client.Messages.Create(Ask(mesh, "Hi", maxTokens: 3, system: system));

        Assert.Equal(Tokens(3), TextOf(message));
        var body = JsonDocument.Parse(BackendRequest(mesh, marker).Body).RootElement;
        if (native)
        {
            Assert.Equal(system, body.GetProperty("system").GetString());
        }
        else
        {
            var messages = body.GetProperty("messages");
            Assert.Equal(2, messages.GetArrayLength());
            Assert.Equal("system", messages[0].GetProperty("role").GetString());
            Assert.Equal(system, messages[0].GetProperty("content").GetString());
            Assert.Equal("user", messages[1].GetProperty("role").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(BackendsAndStreaming))]
    public async Task ToolUse_RoundTrip_ModelCallsTheToolThenAnswersFromItsResult(bool native, bool stream)
    {
        var mesh = meshes.For(native);
        using var client = SdkClients.Anthropic(mesh);
        var marker = Marker(stream ? "tool-stream" : "tool", native);
        var question = $"What is the weather in Paris? {marker}";

        var call = await RoundTrip.AskAsync(client, Ask(mesh, question, maxTokens: 64, withTool: true), stream);

        Assert.Equal("tool_use", call.StopReason);
        Assert.Equal(ToolName, call.ToolName);
        Assert.False(string.IsNullOrEmpty(call.ToolUseId));
        Assert.Equal("Paris", call.ToolInput!["city"].GetString());
        Assert.Equal("", call.Text);

        var answer = await RoundTrip.AskAsync(client, AnswerTool(mesh, question, call.ToolUseId!, call.ToolInput), stream);

        Assert.Equal("end_turn", answer.StopReason);
        Assert.Equal(AfterToolResult, answer.Text);
        Assert.Null(answer.ToolName);

        var received = BackendRequests(mesh, marker);
        Assert.Equal(2, received.Count);
        Assert.All(received, r => Assert.Equal(stream, r.Stream));
        if (native)
        {
            Assert.All(received, r => Assert.Equal("/v1/messages", r.Path));
            var result = JsonDocument.Parse(received[1].Body).RootElement.GetProperty("messages")[2].GetProperty("content")[0];
            Assert.Equal("tool_result", result.GetProperty("type").GetString());
            Assert.Equal(call.ToolUseId, result.GetProperty("tool_use_id").GetString());
        }
        else
        {
            Assert.All(received, r => Assert.Equal("/v1/chat/completions", r.Path));
            AssertTranslatedToolTurn(JsonDocument.Parse(received[1].Body).RootElement, call.ToolUseId!);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task ToolChoice_NamingATool_IsTheToolCalled(bool native)
    {
        var mesh = meshes.For(native);
        using var client = SdkClients.Anthropic(mesh);
        var marker = Marker("tool-choice", native);
        var clock = new Tool
        {
            Name = "get_time",
            Description = "The current time in a city.",
            InputSchema = new InputSchema { Properties = new Dictionary<string, JsonElement> { ["city"] = JsonSerializer.SerializeToElement(new { type = "string" }) } },
        };
        var request = Ask(mesh, $"What time is it in Paris? {marker}", maxTokens: 64) with
        {
            Tools = [WeatherTool, clock],
            ToolChoice = new ToolChoiceTool("get_time"),
        };

        var message = await client.Messages.Create(request);

        var toolUse = Assert.Single(message.Content, b => b.TryPickToolUse(out _));
        Assert.True(toolUse.TryPickToolUse(out var call));
        Assert.Equal("get_time", call.Name);
        Assert.Equal("tool_use", message.StopReason?.Raw());
        if (!native)
        {
            var choice = JsonDocument.Parse(BackendRequest(mesh, marker).Body).RootElement.GetProperty("tool_choice");
            Assert.Equal("function", choice.GetProperty("type").GetString());
            Assert.Equal("get_time", choice.GetProperty("function").GetProperty("name").GetString());
        }
    }

    /// <summary>Claude Code's way of calling: <c>?beta=true</c>, beta headers, <c>x-api-key</c>, a <c>claude-…</c> model name is not needed here.</summary>
    [Theory]
    [MemberData(nameof(Backends))]
    public async Task ClaudeCodeStyleRequest_BetaQueryAndHeaders_AreAccepted(bool native)
    {
        var mesh = meshes.For(native);
        using var http = mesh.Gateway.CreateClient();
        var marker = Marker("beta", native);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages?beta=true")
        {
            Content = new StringContent(
                $$$"""{"model":"{{{mesh.Model}}}","max_tokens":3,"stream":true,"metadata":{"user_id":"user_1"},"system":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":[{"type":"text","text":"Hi {{{marker}}}"}]}]}""",
                System.Text.Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("x-api-key", TestMesh.ApiKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Add("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14");

        var transcript = await SseTranscript.ReadAsync(http, request);

        Assert.Equal(200, transcript.Status);
        Assert.Equal("text/event-stream", transcript.ContentType);
        Assert.Contains("event: message_stop", transcript.Raw, StringComparison.Ordinal);
        var text = string.Concat(transcript.Blocks
            .Select(b => b.Block.Split('\n').FirstOrDefault(l => l.StartsWith("data: ", StringComparison.Ordinal)))
            .Where(data => data is not null)
            .Select(data => JsonDocument.Parse(data!["data: ".Length..]).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "content_block_delta")
            .Select(e => e.GetProperty("delta").GetProperty("text").GetString()));
        Assert.Equal(Tokens(3), text);
        var received = BackendRequest(mesh, marker);
        Assert.Equal(native ? "/v1/messages" : "/v1/chat/completions", received.Path);
        Assert.Equal(native ? "?beta=true" : "", received.Query);
        Assert.Null(received.Header("x-api-key"));
    }

    /// <summary>The requirement in one comparison: the whole round trip, streamed, reads the same from either backend.</summary>
    [Fact]
    public async Task ToolUse_RoundTrip_SameObservableResultFromNativeAndTranslatedBackends()
    {
        var results = new List<string>();
        foreach (var native in new[] { true, false })
        {
            var mesh = meshes.For(native);
            using var client = SdkClients.Anthropic(mesh);
            const string question = "What is the weather in Paris? [same-result]";
            var system = "Use tools when useful.";
            var call = await RoundTrip.AskAsync(client, Ask(mesh, question, maxTokens: 64, system: system, withTool: true), stream: true);
            var answer = await RoundTrip.AskAsync(client, AnswerTool(mesh, question, call.ToolUseId!, call.ToolInput!, system), stream: true);
            results.Add(JsonSerializer.Serialize(new
            {
                call.Events,
                call.StopReason,
                call.ToolName,
                Input = JsonSerializer.Serialize(call.ToolInput),
                call.InputTokens,
                StartAnnounced = call.StartInputTokens > 0,
                call.OutputTokens,
                AnswerEvents = answer.Events,
                AnswerStop = answer.StopReason,
                answer.Text,
                AnswerInputTokens = answer.InputTokens,
                AnswerOutputTokens = answer.OutputTokens,
            }));
        }

        Assert.Equal(results[0], results[1]);
    }

    /// <summary>What a translating gateway must send for the second turn: tools as functions, the call, then its result.</summary>
    private static void AssertTranslatedToolTurn(JsonElement chat, string toolUseId)
    {
        var tool = Assert.Single(chat.GetProperty("tools").EnumerateArray());
        Assert.Equal("function", tool.GetProperty("type").GetString());
        Assert.Equal(ToolName, tool.GetProperty("function").GetProperty("name").GetString());
        var parameters = tool.GetProperty("function").GetProperty("parameters");
        Assert.Equal("object", parameters.GetProperty("type").GetString());
        Assert.Equal("string", parameters.GetProperty("properties").GetProperty("city").GetProperty("type").GetString());

        var messages = chat.GetProperty("messages");
        Assert.Equal(["user", "assistant", "tool"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        var toolCall = Assert.Single(messages[1].GetProperty("tool_calls").EnumerateArray());
        Assert.Equal(toolUseId, toolCall.GetProperty("id").GetString());
        Assert.Equal("function", toolCall.GetProperty("type").GetString());
        Assert.Equal(ToolName, toolCall.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Paris", JsonDocument.Parse(toolCall.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("city").GetString());
        Assert.Equal(toolUseId, messages[2].GetProperty("tool_call_id").GetString());
        Assert.Equal(ToolResultText, messages[2].GetProperty("content").GetString());
    }
}
