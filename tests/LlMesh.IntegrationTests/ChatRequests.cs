using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace LlMesh.IntegrationTests;

internal static class ChatRequests
{
    /// <param name="priority">llmesh's <c>priority</c> field (high, normal, low); none when null.</param>
    public static HttpRequestMessage Create(string model, bool stream, int maxTokens, string content = "Hello", string? priority = null)
    {
        var fields = new Dictionary<string, object>
        {
            ["model"] = model,
            ["stream"] = stream,
            ["max_tokens"] = maxTokens,
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = content } },
        };
        if (priority is not null)
        {
            fields["priority"] = priority;
        }

        return new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(JsonSerializer.Serialize(fields), Encoding.UTF8, "application/json"),
        };
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
