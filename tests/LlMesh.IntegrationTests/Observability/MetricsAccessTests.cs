using System.Globalization;
using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.Observability;

/// <summary><c>/metrics</c> is never public by accident: local callers only, or a scrape port of its own.</summary>
public sealed class MetricsAccessTests
{
    [Fact]
    public async Task ByDefault_LocalCallersReadMetrics_ButNotThroughAProxy()
    {
        using var data = new TempDirectory();
        await using var gateway = await GatewayProcess.StartAsync(TestMesh.GatewayOptions(data.Path));
        using var client = gateway.CreateClient();

        using var local = await client.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.Equal(200, (int)local.StatusCode);
        Assert.Equal("text/plain", local.Content.Headers.ContentType?.MediaType);
        Assert.Contains("llmesh_workers_connected", await local.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // What a proxy on the same machine forwards for a public caller.
        using var proxied = new HttpRequestMessage(HttpMethod.Get, "metrics");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var refused = await client.SendAsync(proxied);
        Assert.Equal(404, (int)refused.StatusCode);
    }

    [Fact]
    public async Task WithAScrapePort_MetricsAnswerOnlyThere_AndThatPortServesNothingElse()
    {
        using var data = new TempDirectory();
        var port = FreePort.Next();
        var options = TestMesh.GatewayOptions(data.Path, environment: new Dictionary<string, string?>
        {
            ["LlMesh__Metrics__Urls"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"),
        });
        await using var gateway = await GatewayProcess.StartAsync(options);
        using var api = gateway.CreateClient();
        using var scrape = new HttpClient { BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")) };

        using (var onApiPort = await api.GetAsync(new Uri("metrics", UriKind.Relative)))
        {
            Assert.Equal(404, (int)onApiPort.StatusCode);
        }

        using (var onScrapePort = await scrape.GetAsync(new Uri("metrics", UriKind.Relative)))
        {
            Assert.Equal(200, (int)onScrapePort.StatusCode);
            Assert.Contains("llmesh_workers_connected", await onScrapePort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var path in new[] { "v1/models", "healthz", "portal/" })
        {
            using var other = await scrape.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(404, (int)other.StatusCode);
        }

        using var health = await api.GetAsync(new Uri("healthz", UriKind.Relative));
        Assert.Equal(200, (int)health.StatusCode);
    }
}
