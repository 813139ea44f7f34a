using System.Net;
using System.Text.Json;
using LlMesh.Testing;

namespace LlMesh.IntegrationTests.Admin;

/// <summary>The usage report adds up what the backend reported, per user and per model, with a cost from configured prices.</summary>
public sealed class UsageReportTests : IAsyncLifetime
{
    private TestMesh _mesh = null!;

    public async Task InitializeAsync() => _mesh = await TestMesh.StartAsync(gatewayEnvironment: new Dictionary<string, string?>
    {
        ["LlMesh__Usage__Prices__0__Model"] = new LlMesh.FakeLlamaServer.FakeLlamaServerOptions().ModelId,
        ["LlMesh__Usage__Prices__0__Prompt"] = "2",
        ["LlMesh__Usage__Prices__0__Completion"] = "10",
    });

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    [Fact]
    public async Task Report_SumsTheBackendsNumbers_AndPricesThem()
    {
        using var client = _mesh.CreateClient();
        long prompt = 0, completion = 0;
        foreach (var maxTokens in new[] { 3, 5 })
        {
            using var response = await client.SendAsync(ChatRequests.Create(_mesh.Model, stream: false, maxTokens: maxTokens));
            var usage = (await ChatRequests.ReadJsonAsync(response)).GetProperty("usage");
            prompt += usage.GetProperty("prompt_tokens").GetInt64();
            completion += usage.GetProperty("completion_tokens").GetInt64();
        }

        using var admin = await PortalClient.SetUpAdminAsync(_mesh.Gateway);
        JsonElement row = default;
        await Eventually.TrueAsync(
            async () =>
            {
                var report = await admin.GetJsonAsync("usage?by=user&days=1");
                row = report.GetProperty("rows").EnumerateArray().FirstOrDefault(r => r.GetProperty("key").GetString() == "alice");
                return row.ValueKind == JsonValueKind.Object && row.GetProperty("requests").GetInt32() == 2;
            },
            TimeSpan.FromSeconds(5),
            "both requests are in the report (usage is written in the background)");

        Assert.Equal(prompt, row.GetProperty("promptTokens").GetInt64());
        Assert.Equal(completion, row.GetProperty("completionTokens").GetInt64());
        Assert.True(row.GetProperty("timeToFirstTokenMs").GetDouble() > 0);
        Assert.Equal(((prompt * 2m) + (completion * 10m)) / 1_000_000m, row.GetProperty("cost").GetDecimal());

        var byModel = await admin.GetJsonAsync("usage?by=model&days=1");
        Assert.Equal(_mesh.Model, Assert.Single(byModel.GetProperty("rows").EnumerateArray()).GetProperty("key").GetString());
        Assert.Equal(2, byModel.GetProperty("series").EnumerateArray().Sum(s => s.GetProperty("requests").GetInt32()));

        using var bad = await admin.GetAsync("usage?by=colour");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
