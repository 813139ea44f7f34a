using System.ClientModel;
using Anthropic;
using LlMesh.Testing;
using OpenAI;

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>The official SDKs, configured the way a user would point them at llmesh.</summary>
internal static class SdkClients
{
    /// <summary>
    /// An Anthropic client with the gateway as its base URL. Retries are off so an error reaches the test as it was
    /// answered; <paramref name="capture"/> records what the SDK sent.
    /// </summary>
    public static AnthropicClient Anthropic(TestMesh mesh, RequestCapture? capture = null, string apiKey = TestMesh.ApiKey) => new()
    {
        ApiKey = apiKey,
        BaseUrl = mesh.Gateway.BaseAddress.ToString().TrimEnd('/'),
        MaxRetries = 0,
        Timeout = TimeSpan.FromSeconds(60),
        HttpClient = new HttpClient(capture ?? new RequestCapture()),
    };

    public static OpenAIClient OpenAi(TestMesh mesh) =>
        new(new ApiKeyCredential(TestMesh.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(mesh.Gateway.BaseAddress, "v1") });
}
