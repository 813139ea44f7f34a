using System.Net;
using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.Admin;

public sealed class LoginThrottlingTests
{
    [Fact]
    public async Task PasswordGuessing_IsThrottledPerClientAddress()
    {
        using var data = new TempDirectory();
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            DataDirectory = data.Path,
            Environment = new Dictionary<string, string?> { ["LlMesh__Admin__LoginAttemptsPerMinute"] = "3" },
        });
        using var portal = new PortalClient(gateway.BaseAddress);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var attempt = await portal.PostAnonymousAsync("login", new { name = "owner", password = $"guess number {i}" });
            statuses.Add(attempt.StatusCode);
            if (attempt.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(attempt.Headers.RetryAfter);
            }
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task RotatingIPv6Addresses_WithinOneNetwork_AreThrottledTogether()
    {
        // Behind a trusted proxy, as in production: the caller's address comes from X-Forwarded-For.
        using var data = new TempDirectory();
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            DataDirectory = data.Path,
            Environment = new Dictionary<string, string?>
            {
                ["LlMesh__Admin__LoginAttemptsPerMinute"] = "3",
                ["LlMesh__TrustedProxies__Networks__0"] = "127.0.0.0/8",
            },
        });
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };

        async Task<HttpStatusCode> AttemptFromAsync(string address)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "admin/api/login")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { name = "owner", password = "a guessed password" }),
            };
            request.Headers.Add("X-Forwarded-For", address);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 5; i++)
        {
            statuses.Add(await AttemptFromAsync($"2001:db8:aa:bb::{i:x}"));
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.Unauthorized, await AttemptFromAsync("2001:db8:aa:cc::1"));
    }
}
