using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using static LlMesh.IntegrationTests.ApiSurface.AnthropicConversation;

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>Anthropic streams through the long-run relay: keep-alive comments while the model is slow disturb no client.</summary>
public sealed class AnthropicLongRunTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SlowFirstToken_KeepAlivesArriveAndTheSdkStillReadsTheMessage(bool native)
    {
        await using var mesh = await TestMesh.StartAsync(
            new FakeLlamaServerOptions { NativeAnthropic = native },
            new Dictionary<string, string?> { ["LlMesh__LongRuns__KeepAliveInterval"] = "00:00:00.200" });
        mesh.Backend.Behavior.TimeToFirstToken = TimeSpan.FromSeconds(1.2);
        var capture = new RequestCapture();
        using var client = SdkClients.Anthropic(mesh, capture);

        var streamed = await StreamedMessage.ReadAsync(client.Messages.CreateStreaming(Ask(mesh, "Think first", maxTokens: 4)));

        Assert.Equal(Tokens(4), streamed.Text);
        Assert.Equal("max_tokens", streamed.StopReason);
        Assert.Equal("message_start", streamed.Events[0]);
        Assert.Equal("message_stop", streamed.Events[^1]);

        // The same request by hand shows the comments the SDK skipped.
        using var http = mesh.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
        {
            Content = new StringContent(Assert.Single(capture.Sent).Body, System.Text.Encoding.UTF8, "application/json"),
        };
        var transcript = await SseTranscript.ReadAsync(http, request);
        Assert.NotEmpty(transcript.CommentBlocks);
        Assert.StartsWith("event: message_start", transcript.Blocks.First(b => !b.Block.StartsWith(':')).Block, StringComparison.Ordinal);
    }
}
