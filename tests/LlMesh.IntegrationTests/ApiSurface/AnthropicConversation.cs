using System.Text.Json;
using Anthropic.Models.Messages;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>The requests of the Anthropic tests: a weather tool, the turns of a tool round trip, and what the fake model answers.</summary>
internal static class AnthropicConversation
{
    public const string ToolName = "get_weather";
    public const string ToolResultText = "18 C and sunny";

    public static Tool WeatherTool { get; } = new()
    {
        Name = ToolName,
        Description = "The current weather in a city.",
        InputSchema = new InputSchema
        {
            Properties = new Dictionary<string, JsonElement>
            {
                ["city"] = JsonSerializer.SerializeToElement(new { type = "string", description = "City name" }),
            },
            Required = ["city"],
        },
    };

    /// <summary>A unique piece of prompt text, so a test finds its own request among those a shared backend recorded.</summary>
    public static string Marker(string test, bool native) => $"[{test}/{(native ? "native" : "translated")}/{Guid.NewGuid():N}]";

    public static MessageCreateParams Ask(TestMesh mesh, string text, long maxTokens, string? system = null, bool withTool = false)
    {
        var request = new MessageCreateParams { Model = mesh.Model, MaxTokens = maxTokens, Messages = [new UserMessageParam(text)] };
        if (system is not null)
        {
            request = request with { System = system };
        }

        return withTool ? request with { Tools = [WeatherTool] } : request;
    }

    /// <summary>The second turn of a round trip: the question, the model's tool call, and the caller's result.</summary>
    public static MessageCreateParams AnswerTool(TestMesh mesh, string question, string toolUseId, IReadOnlyDictionary<string, JsonElement> input, string? system = null)
    {
        var request = AnswerTool(mesh, question, toolUseId, input);
        return system is null ? request : request with { System = system };
    }

    private static MessageCreateParams AnswerTool(TestMesh mesh, string question, string toolUseId, IReadOnlyDictionary<string, JsonElement> input) => new()
    {
        Model = mesh.Model,
        MaxTokens = 64,
        Tools = [WeatherTool],
        Messages =
        [
            new UserMessageParam(question),
            new AssistantMessageParam(new List<ContentBlockParam>
            {
                new ToolUseBlockParam { ID = toolUseId, Name = ToolName, Input = input },
            }),
            new UserMessageParam(new List<ContentBlockParam>
            {
                new ToolResultBlockParam(toolUseId) { Content = ToolResultText },
            }),
        ],
    };

    /// <summary>The fake model's plain answer of <paramref name="tokens"/> tokens.</summary>
    public static string Tokens(int tokens) => string.Concat(Enumerable.Range(0, tokens).Select(FakeLlamaServer.FakeLlamaServer.TokenText));

    /// <summary>The fake model's answer after a tool result: the echo, then its default 16 tokens.</summary>
    public static string AfterToolResult { get; } = FakeLlamaServer.FakeLlamaServer.ToolResultEcho(ToolResultText) + Tokens(16);

    public static string TextOf(Message message) =>
        string.Concat(message.Content.Select(block => block.TryPickText(out var text) ? text.Text : ""));

    public static RecordedRequest BackendRequest(TestMesh mesh, string marker) =>
        Assert.Single(mesh.Backend.Requests, r => r.Body.Contains(marker, StringComparison.Ordinal));

    public static IReadOnlyList<RecordedRequest> BackendRequests(TestMesh mesh, string marker) =>
        [.. mesh.Backend.Requests.Where(r => r.Body.Contains(marker, StringComparison.Ordinal))];
}
