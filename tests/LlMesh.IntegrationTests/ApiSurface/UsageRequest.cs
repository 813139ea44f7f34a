using System.Text;

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>One request per API format for the usage tests, with where it must land and how the gateway names its route.</summary>
internal sealed record UsageRequest(string Path, string Route, string BackendPath, bool NativeAnthropic, int MaxTokens, Func<string, string> Body)
{
    public HttpRequestMessage Create(string model)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(Body(model), Encoding.UTF8, "application/json") };
        if (Path == "v1/messages")
        {
            request.Headers.Add("anthropic-version", "2023-06-01");
        }

        return request;
    }

    public static UsageRequest For(string format) => format switch
    {
        "openai-chat" => Chat(stream: false, includeUsage: false),
        "openai-chat-stream" => Chat(stream: true, includeUsage: true),
        "openai-chat-stream-without-usage-chunk" => Chat(stream: true, includeUsage: false),
        "openai-completions" => new("v1/completions", "Completions", "/v1/completions", true, 4,
            model => $$"""{"model":"{{model}}","prompt":"Once upon a time, in a land far away,","max_tokens":4}"""),
        "anthropic-native" => Messages(native: true, stream: false),
        "anthropic-native-stream" => Messages(native: true, stream: true),
        "anthropic-translated" => Messages(native: false, stream: false),
        "anthropic-translated-stream" => Messages(native: false, stream: true),
        "responses" => Responses(stream: false),
        "responses-stream" => Responses(stream: true),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    private static UsageRequest Chat(bool stream, bool includeUsage) => new("v1/chat/completions", "ChatCompletions", "/v1/chat/completions", true, 5,
        model => $$"""{"model":"{{model}}","stream":{{Bool(stream)}},{{(includeUsage ? "\"stream_options\":{\"include_usage\":true}," : "")}}"max_tokens":5,"messages":[{"role":"system","content":"You count tokens."},{"role":"user","content":"Hello there, how are you today?"}]}""");

    private static UsageRequest Messages(bool native, bool stream) => new("v1/messages", "Messages", native ? "/v1/messages" : "/v1/chat/completions", native, 6,
        model => $$"""{"model":"{{model}}","stream":{{Bool(stream)}},"max_tokens":6,"system":"You count tokens.","messages":[{"role":"user","content":"Hello there, how are you today?"}]}""");

    private static UsageRequest Responses(bool stream) => new("v1/responses", "Responses", "/v1/responses", true, 7,
        model => $$"""{"model":"{{model}}","stream":{{Bool(stream)}},"max_output_tokens":7,"instructions":"You count tokens.","input":"Hello there, how are you today?"}""");

    private static string Bool(bool value) => value ? "true" : "false";
}
