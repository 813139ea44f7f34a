using LlMesh.Testing;

namespace LlMesh.IntegrationTests.Forwarding;

/// <summary>
/// What reaches the machine that serves a job: the request and the tracing context, not the caller's
/// credentials, cookies or network identity (their address as the gateway's proxies pass it on).
/// </summary>
public sealed class CallerPrivacyTests
{
    [Fact]
    public async Task TheBackendSeesTheRequest_NotWhoOrWhereTheCallerIs()
    {
        await using var mesh = await TestMesh.StartAsync();
        using var client = mesh.CreateClient();
        using var request = ChatRequests.Create(mesh.Model, stream: false, maxTokens: 2, content: "privacy-marker");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "198.51.100.7");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", "llm.example.com");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=198.51.100.7;proto=https");
        request.Headers.TryAddWithoutValidation("X-Real-IP", "198.51.100.7");
        request.Headers.TryAddWithoutValidation("True-Client-IP", "198.51.100.7");
        request.Headers.TryAddWithoutValidation("CF-Connecting-IP", "198.51.100.7");
        request.Headers.TryAddWithoutValidation("CF-IPCountry", "NL");
        request.Headers.TryAddWithoutValidation("cf-ray", "8f0e1d2c3b4a5968-AMS");
        request.Headers.TryAddWithoutValidation("X-Original-Forwarded-For", "198.51.100.7");
        request.Headers.TryAddWithoutValidation("Fastly-Client-IP", "198.51.100.7");
        request.Headers.TryAddWithoutValidation("X-Envoy-External-Address", "198.51.100.7");
        request.Headers.TryAddWithoutValidation("Cookie", "session=secret");
        request.Headers.TryAddWithoutValidation("X-Caller-Trace", "kept");
        request.Headers.TryAddWithoutValidation("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var received = mesh.Backend.Requests.Single(r => r.Body.Contains("privacy-marker", StringComparison.Ordinal));
        var leaked = received.Headers.Where(h => h.Value.Contains("198.51.100.7", StringComparison.Ordinal)
            || h.Key.StartsWith("CF-", StringComparison.OrdinalIgnoreCase)
            || h.Key.StartsWith("X-Forwarded", StringComparison.OrdinalIgnoreCase)
            || h.Key is "Forwarded" or "forwarded" or "X-Real-IP" or "True-Client-IP" or "Cookie" or "cookie" or "Authorization" or "authorization")
            .Select(h => $"{h.Key}: {h.Value}");
        Assert.Empty(leaked);
        Assert.Equal("kept", received.Header("X-Caller-Trace"));
        Assert.Contains("0af7651916cd43dd8448eb211c80319c", received.Header("traceparent") ?? "", StringComparison.Ordinal);
    }
}
