using System.Net;
using System.Text.Json;
using LlMesh.Testing;
using LlMesh.Testing.Processes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LlMesh.IntegrationTests.Admin;

public sealed class LoginRehashTests
{
    private const string Password = "an old but long password";

    [Fact]
    public async Task APasswordHashOfAnOlderFormat_IsUpgradedAtLogin_AndTheAccountKeepsItsRole()
    {
        // An account stored with ASP.NET Core Identity's older (v2) hash format, as an older release or a
        // hand-made state file may hold: the login succeeds and rewrites only that hash, in today's format.
        using var data = new TempDirectory();
        var oldHash = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }))
            .HashPassword(new object(), Password);
        var state = new
        {
            version = 1,
            accounts = new[] { new { name = "owner", passwordHash = oldHash, role = "Admin", createdAt = DateTimeOffset.UnixEpoch } },
        };
        await File.WriteAllTextAsync(Path.Combine(data.Path, "state.json"), JsonSerializer.Serialize(state));
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { DataDirectory = data.Path });

        using var portal = new PortalClient(gateway.BaseAddress);
        using (var login = await portal.PostAnonymousAsync("login", new { name = "owner", password = Password }))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Contains("\"admin\"", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var stored = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data.Path, "state.json")));
        var account = stored.RootElement.GetProperty("accounts").EnumerateArray().Single();
        var newHash = account.GetProperty("passwordHash").GetString()!;
        Assert.NotEqual(oldHash, newHash);
        Assert.Equal(1, Convert.FromBase64String(newHash)[0]);
        Assert.Equal("Admin", account.GetProperty("role").GetString());

        using var again = new PortalClient(gateway.BaseAddress);
        using var secondLogin = await again.PostAnonymousAsync("login", new { name = "owner", password = Password });
        Assert.Equal(HttpStatusCode.OK, secondLogin.StatusCode);
    }
}
