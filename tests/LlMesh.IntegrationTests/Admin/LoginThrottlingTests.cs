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
}
