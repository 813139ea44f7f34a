using System.ClientModel;
using System.Text;
using LlMesh.Testing;
using OpenAI;
using OpenAI.Chat;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

namespace LlMesh.IntegrationTests;

/// <summary>The official OpenAI .NET SDK, pointed at the gateway, served by an agent in front of the llama-server stand-in.</summary>
[Trait(PublishedBuilds.Trait, PublishedBuilds.Value)]
public sealed class OpenAiSdkTests
{
    [Fact]
    public async Task ChatCompletion_NonStreaming_ReturnsTextAndUsage()
    {
        await using var mesh = await TestMesh.StartAsync();
        var client = CreateChatClient(mesh);

        ChatCompletion completion = await client.CompleteChatAsync(
            [new UserChatMessage("Say hello")],
            new ChatCompletionOptions { MaxOutputTokenCount = 5 });

        Assert.Equal(ExpectedText(5), completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(5, completion.Usage.OutputTokenCount);
        Assert.True(completion.Usage.InputTokenCount > 0);
    }

    [Fact]
    public async Task ChatCompletion_Streaming_DeliversEveryTokenAndUsage()
    {
        await using var mesh = await TestMesh.StartAsync();
        var client = CreateChatClient(mesh);
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        var updates = 0;

        await foreach (var update in client.CompleteChatStreamingAsync(
            [new UserChatMessage("Say hello")],
            new ChatCompletionOptions { MaxOutputTokenCount = 8 }))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
        }

        Assert.Equal(ExpectedText(8), text.ToString());
        Assert.True(updates >= 8, $"expected one update per token, got {updates}");
        Assert.NotNull(usage);
        Assert.Equal(8, usage.OutputTokenCount);

        // The backend saw a streaming request, and never the caller's API key.
        var recorded = Assert.Single(mesh.Backend.Requests, r => r.Path == "/v1/chat/completions");
        Assert.True(recorded.Stream);
        Assert.Null(recorded.Header("Authorization"));
        Assert.StartsWith("job_", recorded.Header("X-LLMesh-Job"), StringComparison.Ordinal);
    }

    private static ChatClient CreateChatClient(TestMesh mesh) =>
        new(mesh.Model, new ApiKeyCredential(TestMesh.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(mesh.Gateway.BaseAddress, "v1") });

    private static string ExpectedText(int tokens) => string.Concat(Enumerable.Range(0, tokens).Select(FakeServer.TokenText));
}
