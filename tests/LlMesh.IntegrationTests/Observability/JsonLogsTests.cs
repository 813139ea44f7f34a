using System.Diagnostics;
using System.Text.Json;
using LlMesh.Testing;

namespace LlMesh.IntegrationTests.Observability;

/// <summary><c>Logging:Console:FormatterName=json</c>: one JSON object per line from gateway and agent, with the request's trace id.</summary>
[Trait(PublishedBuilds.Trait, PublishedBuilds.Value)]
public sealed class JsonLogsTests
{
    [Fact]
    public async Task JsonConsoleLogs_AreOneObjectPerLine_AndCarryTheCallersTraceId()
    {
        var json = new Dictionary<string, string?>
        {
            ["Logging__Console__FormatterName"] = "json",
            ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
        };
        await using var mesh = await TestMesh.StartAsync(gatewayEnvironment: json, agentEnvironment: json);
        using var client = mesh.CreateClient();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        using var request = ChatRequests.Create(mesh.Model, stream: false, maxTokens: 2);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using (var response = await client.SendAsync(request))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        var dispatched = await mesh.Gateway.WaitForLineAsync(l => l.Contains("\"EventId\":1301", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        foreach (var output in new[] { mesh.Gateway.Output, mesh.Agent!.Output })
        {
            var entries = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => JsonDocument.Parse(line).RootElement).ToList();
            Assert.NotEmpty(entries);
            Assert.All(entries, e => Assert.True(e.TryGetProperty("Category", out _) && e.TryGetProperty("Message", out _) && e.TryGetProperty("LogLevel", out _)));
        }

        var entry = JsonDocument.Parse(dispatched).RootElement;
        Assert.Equal("LlMesh.Gateway.Forwarding.DispatchMiddleware", entry.GetProperty("Category").GetString());
        Assert.Equal(mesh.Model, entry.GetProperty("State").GetProperty("Model").GetString());
        Assert.Contains(entry.GetProperty("Scopes").EnumerateArray(),
            scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out var id) && id.GetString() == traceId);
    }
}
