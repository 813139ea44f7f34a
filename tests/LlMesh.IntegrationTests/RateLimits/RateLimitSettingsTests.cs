using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlMesh.IntegrationTests.Admin;
using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.RateLimits;

/// <summary>Limits set with the CLI and the admin API, enforced by one gateway with embedded state (counts in memory).</summary>
public sealed partial class RateLimitSettingsTests : IAsyncLifetime
{
    private TestMesh _mesh = null!;

    public async Task InitializeAsync() => _mesh = await TestMesh.StartAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    [Fact]
    public async Task KeysCreate_WithRpmAndTpm_IsListedAndEnforced()
    {
        var (badExit, _, badError) = await GatewayProcess.RunCliAsync(_mesh.Data.Path, "keys", "create", "--user", "rob", "--rpm", "0");
        Assert.NotEqual(0, badExit);
        Assert.Contains("--rpm must be a positive number", badError, StringComparison.Ordinal);

        var (exit, stdout, _) = await GatewayProcess.RunCliAsync(_mesh.Data.Path, "keys", "create", "--user", "rob", "--rpm", "2", "--tpm", "100000");
        Assert.Equal(0, exit);
        var (_, list, _) = await GatewayProcess.RunCliAsync(_mesh.Data.Path, "keys", "list");
        Assert.Contains("2 req/min, 100000 tokens/min", list.Split('\n').Single(l => l.Contains("\trob\t", StringComparison.Ordinal)), StringComparison.Ordinal);

        await AssertAdmitsAsync(stdout.Trim(), 2);
    }

    [Fact]
    public async Task AdminApi_CreatesAKeyWithLimits_AndRefusesANonPositiveOne()
    {
        using var admin = await SignedInAdminAsync();

        using (var zero = await admin.SendAsync(HttpMethod.Post, "keys", new { name = "k", requestsPerMinute = 0 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
            Assert.Contains("requestsPerMinute must be positive", await zero.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var negative = await admin.SendAsync(HttpMethod.Post, "keys", new { name = "k", tokensPerMinute = -5 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        }

        using var created = await admin.SendAsync(HttpMethod.Post, "keys", new { name = "limited", requestsPerMinute = 1, tokensPerMinute = 5000 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, answer.GetProperty("credential").GetProperty("requestsPerMinute").GetInt32());
        Assert.Equal(5000, answer.GetProperty("credential").GetProperty("tokensPerMinute").GetInt32());
        var listed = (await admin.GetJsonAsync("keys")).EnumerateArray().Single(k => k.GetProperty("name").GetString() == "limited");
        Assert.Equal(1, listed.GetProperty("requestsPerMinute").GetInt32());

        await AssertAdmitsAsync(answer.GetProperty("secret").GetString()!, 1);
    }

    [Fact]
    public async Task AdminApi_ChangesAKeysLimitsInPlace_SameSecret_InForceAtOnce()
    {
        using var admin = await SignedInAdminAsync();

        using var created = await admin.SendAsync(HttpMethod.Post, "keys", new { name = "laptop", allowedModels = new[] { "other-model" } });
        var answer = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = answer.GetProperty("credential").GetProperty("id").GetString()!;
        var secret = answer.GetProperty("secret").GetString()!;

        using (var bad = await admin.SendAsync(HttpMethod.Put, $"keys/{id}", new { requestsPerMinute = 0 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using (var missing = await admin.SendAsync(HttpMethod.Put, "keys/k-does-not-exist", new { requestsPerMinute = 1 }))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // The whole set is replaced: the model restriction goes, the limit comes, the secret stays.
        using var updated = await admin.SendAsync(HttpMethod.Put, $"keys/{id}", new { name = "laptop-2", requestsPerMinute = 2 });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var view = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("laptop-2", view.GetProperty("name").GetString());
        Assert.Equal(2, view.GetProperty("requestsPerMinute").GetInt32());
        Assert.Empty(view.GetProperty("allowedModels").EnumerateArray());
        using (var audit = await admin.GetAsync("audit"))
        {
            Assert.Contains("key.update", await audit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await AssertAdmitsAsync(secret, 2);

        // A revoked key cannot be changed back to life.
        using (var revoke = await admin.SendAsync(HttpMethod.Delete, $"keys/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var afterRevoke = await admin.SendAsync(HttpMethod.Put, $"keys/{id}", new { requestsPerMinute = 5 });
        Assert.Equal(HttpStatusCode.NotFound, afterRevoke.StatusCode);
    }

    /// <summary>The first-run setup with the code from the gateway's log: a signed-in admin.</summary>
    private async Task<PortalClient> SignedInAdminAsync()
    {
        var admin = new PortalClient(_mesh.Gateway.BaseAddress);
        var code = SetupCodePattern().Match(await _mesh.Gateway.WaitForLineAsync(l => l.Contains("one-time code:", StringComparison.Ordinal), TimeSpan.FromSeconds(10))).Value;
        using var setup = await admin.PostAnonymousAsync("setup", new { code, name = "owner", password = "correct horse battery staple" });
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        return admin;
    }

    /// <summary>The key gets exactly <paramref name="limit"/> answers in this window, then 429s with Retry-After.</summary>
    private async Task AssertAdmitsAsync(string key, int limit)
    {
        using var client = _mesh.CreateClient(key);
        await Eventually.TrueAsync(async () => (await client.GetAsync(new Uri("v1/models", UriKind.Relative))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(5), "the gateway knows the new key");
        await RateLimitClock.WaitForRoomAsync(TimeSpan.FromSeconds(15));

        for (var i = 0; i < limit; i++)
        {
            using var ok = await client.SendAsync(ChatRequests.Create(_mesh.Model, stream: false, maxTokens: 2));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await client.SendAsync(ChatRequests.Create(_mesh.Model, stream: false, maxTokens: 2));
        RateLimitClock.AssertRetryAfterIsTheWindowEnd(refused);
    }

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex SetupCodePattern();
}
