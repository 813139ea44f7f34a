using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.Admin;

/// <summary>The admin API against a real gateway process: first-run setup, sessions, roles, anti-forgery, secrets shown once, audit.</summary>
[Trait(PublishedBuilds.Trait, PublishedBuilds.Value)]
public sealed class AdminApiTests : IAsyncLifetime
{
    private const string AdminPassword = "correct horse battery staple";
    private readonly TempDirectory _data = new();
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
    {
        DataDirectory = _data.Path,
        Environment = new Dictionary<string, string?> { ["LlMesh__Admin__LoginAttemptsPerMinute"] = "30" },
    });

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Anonymous_IsRefusedEverywhere_AndTheSetupNeedsTheCodeFromTheLog()
    {
        using var portal = new PortalClient(_gateway.BaseAddress);
        foreach (var path in new[] { "me", "keys", "tokens", "users", "aliases", "audit", "antiforgery" })
        {
            using var response = await portal.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var wrong = await portal.PostAnonymousAsync("setup", new { code = "AAAA-BBBB-CCCC", name = "owner", password = AdminPassword }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        }

        using (var weak = await portal.PostAnonymousAsync("setup", new { code = await SetupCodeAsync(), name = "owner", password = "short" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
            Assert.Equal("application/problem+json", weak.Content.Headers.ContentType?.MediaType);
        }

        using (var setup = await portal.PostAnonymousAsync("setup", new { code = await SetupCodeAsync(), name = "owner", password = AdminPassword }))
        {
            Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        }

        Assert.Equal("admin", (await portal.GetJsonAsync("me")).GetProperty("role").GetString());
        using var again = await new PortalClient(_gateway.BaseAddress).PostAnonymousAsync("setup", new { code = await SetupCodeAsync(), name = "intruder", password = AdminPassword });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task AdminCreatesAKey_SeenOnce_UsableOnV1_ThenRevoked_AndTheAuditSaysSoWithoutSecrets()
    {
        using var admin = await SignedInAdminAsync();

        using (var forged = await admin.SendAsync(HttpMethod.Post, "keys", new { name = "laptop" }, withAntiforgery: false))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        // A bearer header of any kind next to the session cookie does not excuse the cookie from the check.
        using (var forged = await admin.SendAsync(HttpMethod.Post, "keys", new { name = "laptop" }, withAntiforgery: false, authorization: "Bearer not-a-token"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using var created = await admin.SendAsync(HttpMethod.Post, "keys", new { name = "laptop", allowedModels = new[] { "qwen" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("secret").GetString()!;
        var id = body.GetProperty("credential").GetProperty("id").GetString()!;
        Assert.StartsWith("sk-", secret, StringComparison.Ordinal);

        // Listed, but never with the secret.
        var listed = await admin.GetAsync("keys");
        var listing = await listed.Content.ReadAsStringAsync();
        Assert.Contains(id, listing, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listing, StringComparison.Ordinal);

        using var v1 = _gateway.CreateClient(secret);
        Assert.Equal(HttpStatusCode.OK, (await v1.GetAsync("v1/models")).StatusCode);
        using (var notAllowed = await v1.PostAsJsonAsync("v1/chat/completions", new { model = "other", messages = new[] { new { role = "user", content = "hi" } } }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
        }

        using (var revoked = await admin.SendAsync(HttpMethod.Delete, "keys/" + id))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        await Eventually.TrueAsync(async () => (await v1.GetAsync("v1/models")).StatusCode == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(2), "the revoked key is refused");

        var audit = (await admin.GetJsonAsync("audit")).EnumerateArray().ToList();
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "key.create" && e.GetProperty("target").GetString() == id && e.GetProperty("actor").GetString() == "owner");
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "key.revoke" && e.GetProperty("target").GetString() == id);
        var auditText = await (await admin.GetAsync("audit")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, auditText, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminPassword, auditText, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, _gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Member_SeesAndChangesOnlyTheirOwn()
    {
        using var admin = await SignedInAdminAsync();
        using (var onboard = await admin.SendAsync(HttpMethod.Put, "users/bob", new { role = "member", password = "bob's long password" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, onboard.StatusCode);
        }

        using var adminKey = await admin.SendAsync(HttpMethod.Post, "keys", new { name = "owner-key" });
        var adminKeyId = (await adminKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("credential").GetProperty("id").GetString()!;

        using var bob = new PortalClient(_gateway.BaseAddress);
        using (var login = await bob.PostAnonymousAsync("login", new { name = "bob", password = "bob's long password" }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        Assert.Equal("member", (await bob.GetJsonAsync("me")).GetProperty("role").GetString());
        foreach (var adminOnly in new[] { "users", "audit" })
        {
            using var refused = await bob.GetAsync(adminOnly);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var forOthers = await bob.SendAsync(HttpMethod.Post, "keys", new { name = "sneaky", user = "owner" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forOthers.StatusCode);
        }

        using (var high = await bob.SendAsync(HttpMethod.Post, "keys", new { name = "fast", maxPriority = "high" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, high.StatusCode);
        }

        using (var alias = await bob.SendAsync(HttpMethod.Put, "aliases/chat", new { tiers = new[] { new[] { "qwen" } } }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, alias.StatusCode);
        }

        using (var own = await bob.SendAsync(HttpMethod.Post, "keys", new { name = "bob-laptop" }))
        {
            Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        }

        var keys = (await bob.GetJsonAsync("keys")).EnumerateArray().ToList();
        Assert.All(keys, k => Assert.Equal("bob", k.GetProperty("user").GetString()));
        using (var revokeOthers = await bob.SendAsync(HttpMethod.Delete, "keys/" + adminKeyId))
        {
            Assert.Equal(HttpStatusCode.NotFound, revokeOthers.StatusCode);
        }

        using (var editOthers = await bob.SendAsync(HttpMethod.Put, "keys/" + adminKeyId, new { requestsPerMinute = 1 }))
        {
            Assert.Equal(HttpStatusCode.NotFound, editOthers.StatusCode);
        }

        var bobKeyId = keys.Single().GetProperty("id").GetString()!;
        using (var raiseOwn = await bob.SendAsync(HttpMethod.Put, "keys/" + bobKeyId, new { maxPriority = "high" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, raiseOwn.StatusCode);
        }

        using (var limitOwn = await bob.SendAsync(HttpMethod.Put, "keys/" + bobKeyId, new { tokensPerMinute = 1000 }))
        {
            Assert.Equal(HttpStatusCode.OK, limitOwn.StatusCode);
        }

        // Demoting bob ends his session at once.
        using (var demote = await admin.SendAsync(HttpMethod.Put, "users/bob", new { sendIsolated = true }))
        {
            Assert.Equal(HttpStatusCode.NoContent, demote.StatusCode);
        }

        using var after = await bob.GetAsync("me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task ApiKeysCannotCallTheAdminApi_AndClientTokensCannotCallV1()
    {
        using var admin = await SignedInAdminAsync();
        using var key = await admin.SendAsync(HttpMethod.Post, "keys", new { name = "k" });
        var apiKey = (await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        using var token = await admin.SendAsync(HttpMethod.Post, "tokens", new { name = "rig" });
        var clientToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;

        using var withKey = new HttpClient { BaseAddress = _gateway.BaseAddress };
        withKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withKey.GetAsync("admin/api/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withKey.GetAsync("admin/api/me")).StatusCode);

        using var withToken = _gateway.CreateClient(clientToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withToken.GetAsync("v1/models")).StatusCode);
    }

    [Fact]
    public async Task AliasEditedThroughTheApi_ShowsOnV1Models()
    {
        using var admin = await SignedInAdminAsync();
        using var key = await admin.SendAsync(HttpMethod.Post, "keys", new { name = "k" });
        using var v1 = _gateway.CreateClient((await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!);

        using (var empty = await admin.SendAsync(HttpMethod.Put, "aliases/coder", new { tiers = Array.Empty<string[]>() }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        }

        using (var set = await admin.SendAsync(HttpMethod.Put, "aliases/coder", new { tiers = new[] { new[] { "qwen-32b" }, new[] { "gpt-hosted" } } }))
        {
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        }

        await Eventually.TrueAsync(async () => (await v1.GetStringAsync("v1/models")).Contains("\"coder\"", StringComparison.Ordinal), TimeSpan.FromSeconds(2), "/v1/models lists the alias");
        using (var remove = await admin.SendAsync(HttpMethod.Delete, "aliases/coder"))
        {
            Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        }

        await Eventually.TrueAsync(async () => !(await v1.GetStringAsync("v1/models")).Contains("\"coder\"", StringComparison.Ordinal), TimeSpan.FromSeconds(2), "the alias is gone");
    }

    private Task<PortalClient> SignedInAdminAsync() => PortalClient.SetUpAdminAsync(_gateway, password: AdminPassword);

    private Task<string> SetupCodeAsync() => PortalClient.SetupCodeAsync(_gateway);
}
