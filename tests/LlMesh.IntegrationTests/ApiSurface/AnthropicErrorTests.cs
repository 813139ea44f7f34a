using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using static LlMesh.IntegrationTests.ApiSurface.AnthropicConversation;

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>Anthropic semantics beyond the happy path: refusals in Anthropic's error shape, token counting, errors mid-stream.</summary>
[Collection(AnthropicMeshesDefinition.Name)]
public sealed class AnthropicErrorTests(AnthropicMeshesFixture meshes)
{
    public static TheoryData<bool> Backends => new() { true, false };

    [Fact]
    public async Task WrongKey_SdkGets401AuthenticationError()
    {
        using var client = SdkClients.Anthropic(meshes.Native, apiKey: "sk-not-a-key-0123456789");

        var error = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => client.Messages.Create(Ask(meshes.Native, "Hi", 5)));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("authentication_error", error.Type?.Raw());
        Assert.Contains("Invalid API key", error.ApiMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x-api-key", "sk-not-a-key-0123456789", "Invalid API key")]
    [InlineData("x-api-key", null, "No API key provided")]
    [InlineData("Authorization", "Bearer sk-not-a-key-0123456789", "Invalid API key")]
    public async Task BadKey_Returns401WithAnthropicErrorObject(string header, string? value, string message)
    {
        using var http = meshes.Native.Gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
        {
            Content = new StringContent($$"""{"model":"{{meshes.Native.Model}}","max_tokens":5,"messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("anthropic-version", "2023-06-01");
        if (value is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("authentication_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains(message, body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task CountTokens_AnswersWithoutTakingASlot(bool native)
    {
        var mesh = meshes.For(native);
        var capture = new RequestCapture();
        using var client = SdkClients.Anthropic(mesh, capture);
        var marker = Marker("count", native);
        var question = $"How many tokens is this sentence? {marker}";

        var count = await client.Messages.CountTokens(new MessageCountTokensParams
        {
            Model = mesh.Model,
            System = "Be brief.",
            Messages = [new UserMessageParam(question)],
        });

        Assert.True(count.InputTokens > 0);
        var received = BackendRequests(mesh, marker);
        if (native)
        {
            // The backend's tokenizer counts, unchanged request; and its count is the prompt size /v1/messages reports.
            var countRequest = Assert.Single(received);
            Assert.Equal("/v1/messages/count_tokens", countRequest.Path);
            Assert.Equal(Assert.Single(capture.Sent).Body, countRequest.Body);
            var message = await client.Messages.Create(Ask(mesh, question, 1, system: "Be brief."));
            Assert.Equal(message.Usage.InputTokens, count.InputTokens);
        }
        else
        {
            // No tokenizer endpoint: the gateway estimates (about four characters a token) and the backend never hears of it.
            Assert.Empty(received);
            var characters = "Be brief.".Length + question.Length;
            Assert.InRange(count.InputTokens, characters / 8, characters);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task ErrorMidStream_ReachesTheSdkAsAnError(bool native)
    {
        await using var mesh = await TestMesh.StartAsync(new FakeLlamaServerOptions { NativeAnthropic = native });
        mesh.Backend.Behavior.FailAfterTokens = 2;
        using var client = SdkClients.Anthropic(mesh);
        var text = new StringBuilder();

        var error = await Assert.ThrowsAsync<AnthropicSseException>(async () =>
        {
            await foreach (var streamEvent in client.Messages.CreateStreaming(Ask(mesh, "Say hello", 8)))
            {
                if (streamEvent.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var part))
                {
                    text.Append(part.Text);
                }
            }
        });

        Assert.Equal(Tokens(2), text.ToString());
        Assert.Equal("api_error", error.Type?.Raw());
        Assert.Contains("fake failure after 2 tokens", error.ApiMessage, StringComparison.Ordinal);
    }

    /// <summary>
    /// A prompt longer than the backend's context is an invalid_request_error worded as Anthropic words it, which
    /// is what Claude Code looks for before it compacts the conversation, streamed or not, whatever the backend.
    /// </summary>
    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task ContextOverflow_IsAPromptTooLongInvalidRequestError(bool native, bool stream)
    {
        await using var mesh = await TestMesh.StartAsync(new FakeLlamaServerOptions { NativeAnthropic = native, ContextSize = 64 });
        using var client = SdkClients.Anthropic(mesh);
        var request = Ask(mesh, string.Concat(Enumerable.Repeat("This sentence is rather long. ", 40)), 8);

        var error = await Assert.ThrowsAnyAsync<AnthropicServiceException>(() => RoundTrip.AskAsync(client, request, stream));

        if (!stream)
        {
            Assert.Equal(HttpStatusCode.BadRequest, Assert.IsType<AnthropicBadRequestException>(error).StatusCode);
        }

        Assert.Equal("invalid_request_error", error.Type?.Raw());
        Assert.Matches(@"^prompt is too long: \d+ tokens > 64 maximum$", error.ApiMessage);
    }

    [Fact]
    public async Task FullQueue_IsOverloadedError529()
    {
        await using var mesh = await TestMesh.StartAsync(
            new FakeLlamaServerOptions { Slots = 1 },
            new Dictionary<string, string?> { ["LlMesh__Dispatch__MaxQueueDepth"] = "1" });
        mesh.Backend.Behavior.Hang = true;
        using var http = mesh.CreateClient();
        using var running = new CancellationTokenSource();
        var first = http.SendAsync(ChatRequests.Create(mesh.Model, stream: true, maxTokens: 5), HttpCompletionOption.ResponseHeadersRead, running.Token);
        await Eventually.TrueAsync(() => Task.FromResult(mesh.Backend.BusySlots == 1), TimeSpan.FromSeconds(10), "the only slot is taken");
        var queued = http.SendAsync(ChatRequests.Create(mesh.Model, stream: true, maxTokens: 5), HttpCompletionOption.ResponseHeadersRead, running.Token);
        await Eventually.TrueAsync(async () => await QueuedAsync(http, mesh.Model) == 1, TimeSpan.FromSeconds(10), "one request waits");
        using var client = SdkClients.Anthropic(mesh);

        var error = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => client.Messages.Create(Ask(mesh, "Hi", 5)));

        Assert.Equal(529, (int)error.StatusCode);
        Assert.Equal("overloaded_error", error.Type?.Raw());
        await running.CancelAsync();
        await Task.WhenAll(first, queued).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static async Task<int> QueuedAsync(HttpClient http, string model)
    {
        var slots = JsonDocument.Parse(await http.GetStringAsync(new Uri("v1/models/slots", UriKind.Relative))).RootElement;
        return slots.GetProperty("data").EnumerateArray().Where(s => s.GetProperty("id").GetString() == model).Sum(s => s.GetProperty("queued").GetInt32());
    }
}
