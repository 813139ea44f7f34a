using System.ClientModel;
using System.Text;
using System.Text.Json;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using OpenAI.Chat;
using OpenAI.Responses;
using static LlMesh.IntegrationTests.ApiSurface.AnthropicConversation;

#pragma warning disable OPENAI001 // The Responses API is marked experimental in the SDK.

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>The official OpenAI .NET SDK against the gateway: tool calls, stream usage, embeddings, the Responses API.</summary>
public sealed class OpenAiSdkSurfaceTests(OpenAiMeshFixture fixture) : IClassFixture<OpenAiMeshFixture>
{
    private static readonly ChatTool WeatherTool = ChatTool.CreateFunctionTool(
        ToolName,
        "The current weather in a city.",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

    private TestMesh Mesh => fixture.Mesh;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chat_ToolCallRoundTrip_ModelCallsTheToolThenAnswersFromItsResult(bool stream)
    {
        var chat = SdkClients.OpenAi(Mesh).GetChatClient(Mesh.Model);
        var marker = Guid.NewGuid().ToString("N");
        List<ChatMessage> messages = [new UserChatMessage($"What is the weather in Paris? {marker}")];
        var options = new ChatCompletionOptions { Tools = { WeatherTool } };

        var (finish, text, calls) = await CompleteAsync(chat, messages, options, stream);

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal("", text);
        var call = Assert.Single(calls);
        Assert.Equal(ToolName, call.FunctionName);
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").GetString());

        messages.Add(new AssistantChatMessage([call]));
        messages.Add(new ToolChatMessage(call.Id, ToolResultText));
        (finish, text, calls) = await CompleteAsync(chat, messages, options, stream);

        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal(AfterToolResult, text);
        Assert.Empty(calls);

        // The second request reached the backend with the call and its result, as the SDK wrote them.
        var second = JsonDocument.Parse(Mesh.Backend.Requests.Last(r => r.Body.Contains(marker, StringComparison.Ordinal)).Body).RootElement;
        var sent = second.GetProperty("messages");
        Assert.Equal(call.Id, sent[1].GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal("tool", sent[2].GetProperty("role").GetString());
        Assert.Equal(call.Id, sent[2].GetProperty("tool_call_id").GetString());
    }

    [Fact]
    public async Task Chat_Streaming_AsksForUsageAndTheUsageChunkArrivesLast()
    {
        var chat = SdkClients.OpenAi(Mesh).GetChatClient(Mesh.Model);
        var marker = Guid.NewGuid().ToString("N");
        var text = new StringBuilder();
        var updates = new List<StreamingChatCompletionUpdate>();

        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage($"Say hello {marker}")], new ChatCompletionOptions { MaxOutputTokenCount = 6 }))
        {
            updates.Add(update);
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }

        Assert.Equal(Tokens(6), text.ToString());
        var usage = updates[^1].Usage;
        Assert.NotNull(usage);
        Assert.Empty(updates[^1].ContentUpdate);
        Assert.All(updates[..^1], u => Assert.Null(u.Usage));
        Assert.Equal(6, usage.OutputTokenCount);
        Assert.Equal(usage.InputTokenCount + 6, usage.TotalTokenCount);

        var received = JsonDocument.Parse(Assert.Single(Mesh.Backend.Requests, r => r.Body.Contains(marker, StringComparison.Ordinal)).Body).RootElement;
        Assert.True(received.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        var replayed = await BackendUsage.ReplayAsync(Mesh.Backend, Assert.Single(Mesh.Backend.Requests, r => r.Body.Contains(marker, StringComparison.Ordinal)));
        Assert.Equal(replayed.PromptTokens, usage.InputTokenCount);
    }

    [Fact]
    public async Task Embeddings_ReturnTheBackendsVectors()
    {
        var embeddings = SdkClients.OpenAi(Mesh).GetEmbeddingClient(Mesh.Model);

        OpenAI.Embeddings.OpenAIEmbedding single = await embeddings.GenerateEmbeddingAsync("hello world");
        OpenAI.Embeddings.OpenAIEmbeddingCollection batch = await embeddings.GenerateEmbeddingsAsync(["first", "second"]);

        Assert.Equal(FakeLlamaServer.FakeLlamaServer.Embedding("hello world"), single.ToFloats().ToArray());
        Assert.Equal(2, batch.Count);
        Assert.Equal(FakeLlamaServer.FakeLlamaServer.Embedding("first"), batch[0].ToFloats().ToArray());
        Assert.Equal(FakeLlamaServer.FakeLlamaServer.Embedding("second"), batch[1].ToFloats().ToArray());
        Assert.Equal("/v1/embeddings", Mesh.Backend.Requests[^1].Path);
    }

    [Fact]
    public async Task Responses_NonStreaming_PassesThroughToTheBackend()
    {
        var responses = SdkClients.OpenAi(Mesh).GetResponsesClient();
        var marker = Guid.NewGuid().ToString("N");

        ResponseResult response = await responses.CreateResponseAsync(new CreateResponseOptions(Mesh.Model, [ResponseItem.CreateUserMessageItem($"Say hello {marker}")])
        {
            MaxOutputTokenCount = 4,
            Instructions = "Be brief.",
        });

        Assert.Equal(Tokens(4), response.GetOutputText());
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.StartsWith("resp_", response.Id, StringComparison.Ordinal);
        Assert.Equal(4, response.Usage.OutputTokenCount);
        Assert.True(response.Usage.InputTokenCount > 0);
        var received = Assert.Single(Mesh.Backend.Requests, r => r.Body.Contains(marker, StringComparison.Ordinal));
        Assert.Equal("/v1/responses", received.Path);
        Assert.Equal("Be brief.", JsonDocument.Parse(received.Body).RootElement.GetProperty("instructions").GetString());
    }

    [Fact]
    public async Task Responses_Streaming_DeliversDeltasAndTheCompletedResponse()
    {
        var responses = SdkClients.OpenAi(Mesh).GetResponsesClient();
        var text = new StringBuilder();
        ResponseResult? completed = null;

        await foreach (var update in await responses.CreateResponseStreamingAsync(new CreateResponseOptions(Mesh.Model, [ResponseItem.CreateUserMessageItem("Say hello")]) { MaxOutputTokenCount = 5, StreamingEnabled = true }))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        Assert.Equal(Tokens(5), text.ToString());
        Assert.NotNull(completed);
        Assert.Equal(Tokens(5), completed.GetOutputText());
        Assert.Equal(5, completed.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task Responses_WithoutABackendThatServesThem_IsRefusedClearly()
    {
        await using var mesh = await TestMesh.StartAsync(new FakeLlamaServerOptions { NativeResponses = false });
        var responses = SdkClients.OpenAi(mesh).GetResponsesClient();

        var error = await Assert.ThrowsAsync<ClientResultException>(() => responses.CreateResponseAsync(mesh.Model, "Say hello"));

        Assert.Equal(400, error.Status);
        Assert.Contains("Responses API", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(mesh.Backend.Requests, r => r.Header("X-LLMesh-Job") is not null);
    }

    private static async Task<(ChatFinishReason? Finish, string Text, List<ChatToolCall> Calls)> CompleteAsync(
        ChatClient chat, List<ChatMessage> messages, ChatCompletionOptions options, bool stream)
    {
        if (!stream)
        {
            ChatCompletion completion = await chat.CompleteChatAsync(messages, options);
            return (completion.FinishReason, string.Concat(completion.Content.Select(p => p.Text)), [.. completion.ToolCalls]);
        }

        ChatFinishReason? finish = null;
        var text = new StringBuilder();
        var calls = new SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)>();
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options))
        {
            finish ??= update.FinishReason;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            foreach (var piece in update.ToolCallUpdates)
            {
                var call = calls.TryGetValue(piece.Index, out var existing) ? existing : (null, null, new StringBuilder());
                calls[piece.Index] = (call.Id ?? piece.ToolCallId, call.Name ?? piece.FunctionName, call.Arguments.Append(piece.FunctionArgumentsUpdate?.ToString()));
            }
        }

        return (finish, text.ToString(), [.. calls.Values.Select(c => ChatToolCall.CreateFunctionToolCall(c.Id, c.Name, BinaryData.FromString(c.Arguments.ToString())))]);
    }
}
