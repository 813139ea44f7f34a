using System.Net;
using System.Net.Http.Json;
using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.Admin;

/// <summary>What a caller who is not signed in can make the admin API read, hash or write down stays small.</summary>
public sealed class AdminInputLimitsTests
{
    [Fact]
    public async Task OversizedBodies_NamesNoAccountCanHave_AndHugePasswords_AreRefusedBeforeTheyCostAnything()
    {
        using var data = new TempDirectory();
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { DataDirectory = data.Path });
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };

        using (var huge = await http.PostAsJsonAsync("admin/api/login", new { name = "owner", password = "x", padding = new string('p', 200_000) }))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        }

        using (var longName = await http.PostAsJsonAsync("admin/api/login", new { name = new string('n', 5_000), password = "a long enough password" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, longName.StatusCode);
            Assert.Contains("1-64 characters", await longName.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var longPassword = await http.PostAsJsonAsync("admin/api/login", new { name = "owner", password = new string('p', 5_000) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, longPassword.StatusCode);
        }

        // None of them reached the audit log.
        var audit = Path.Combine(data.Path, "audit.jsonl");
        Assert.False(File.Exists(audit) && (await File.ReadAllTextAsync(audit)).Contains("nnnnnnnn", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AUsersActiveKeys_AreCapped_AndKeysRevokedLongAgo_AreDeletedAtStart()
    {
        using var data = new TempDirectory();
        var longAgo = DateTimeOffset.UtcNow.AddDays(-45);
        var state = new
        {
            version = 1,
            credentials = new[]
            {
                new { id = "key_oldrevoked01", kind = "ApiKey", user = "owner", name = "old laptop", secretHash = new string('a', 64), createdAt = longAgo, revokedAt = (DateTimeOffset?)longAgo.AddDays(1) },
                new { id = "key_recentlyrev1", kind = "ApiKey", user = "owner", name = "old phone", secretHash = new string('b', 64), createdAt = longAgo, revokedAt = (DateTimeOffset?)DateTimeOffset.UtcNow.AddDays(-2) },
            },
        };
        await File.WriteAllTextAsync(Path.Combine(data.Path, "state.json"), System.Text.Json.JsonSerializer.Serialize(state));
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            DataDirectory = data.Path,
            Environment = new Dictionary<string, string?> { ["LlMesh__Admin__MaxActiveCredentialsPerUser"] = "2" },
        });
        using var admin = await PortalClient.SetUpAdminAsync(gateway);

        // Revoked 44 days ago (retention 30 days): gone; revoked two days ago: still listed.
        await Eventually.TrueAsync(
            async () => (await admin.GetJsonAsync("keys")).EnumerateArray().Select(k => k.GetProperty("id").GetString()).SequenceEqual(["key_recentlyrev1"]),
            TimeSpan.FromSeconds(10),
            "only the recently revoked key is left");

        using (var first = await admin.SendAsync(HttpMethod.Post, "keys", new { name = "one" }))
        using (var second = await admin.SendAsync(HttpMethod.Post, "keys", new { name = "two" }))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        }

        using var third = await admin.SendAsync(HttpMethod.Post, "keys", new { name = "three" });
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Contains("revoke one first", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Client tokens are counted apart.
        using var token = await admin.SendAsync(HttpMethod.Post, "tokens", new { name = "mac" });
        Assert.Equal(HttpStatusCode.Created, token.StatusCode);
    }
}
