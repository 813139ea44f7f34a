using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LlMesh.IntegrationTests;

internal static class ChatRequests
{
    public static HttpRequestMessage Create(string model, bool stream, int maxTokens, string content = "Hello")
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = model,
            ["stream"] = stream,
            ["max_tokens"] = maxTokens,
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = content } },
        });
        return new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
