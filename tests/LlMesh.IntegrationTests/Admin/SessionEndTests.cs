using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LlMesh.Testing;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.Admin;

/// <summary>
/// Sessions end on the server, not only when their cookie expires: a new password ends the account's other
/// sessions, "sign out everywhere" ends all of them, and so does an admin setting a user's password.
/// </summary>
public sealed class SessionEndTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private const string NewPassword = "a brand new long password";
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
    public async Task ChangingYourPassword_EndsYourOtherSessions_AndThisOneGoesOn()
    {
        using var here = await PortalClient.SetUpAdminAsync(_gateway, password: Password);
        using var elsewhere = await SignInAsync("owner", Password);
        Assert.Equal("local", (await here.GetJsonAsync("me")).GetProperty("source").GetString());

        using (var wrong = await here.SendAsync(HttpMethod.Post, "password", new { currentPassword = "not the password", newPassword = NewPassword }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        }

        using (var same = await here.SendAsync(HttpMethod.Post, "password", new { currentPassword = Password, newPassword = Password }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await StatusOfMeAsync(elsewhere));
        using (var change = await here.SendAsync(HttpMethod.Post, "password", new { currentPassword = Password, newPassword = NewPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMeAsync(elsewhere));
        Assert.Equal(HttpStatusCode.OK, await StatusOfMeAsync(here));

        // The session was signed in again; the anti-forgery token the page holds still works.
        using (var create = await here.SendAsync(HttpMethod.Post, "keys", new { user = "owner", name = "after" }))
        {
            Assert.True(create.IsSuccessStatusCode, $"{(int)create.StatusCode} {await create.Content.ReadAsStringAsync()}");
        }

        using var old = new PortalClient(_gateway.BaseAddress);
        using (var refused = await old.PostAnonymousAsync("login", new { name = "owner", password = Password }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var again = await SignInAsync("owner", NewPassword);
        var audit = await here.GetJsonAsync("audit?count=20");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "password.changed");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "password.change-failed");
        Assert.DoesNotContain(NewPassword, audit.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningOutEverywhere_EndsEverySessionOfTheAccount_OnlyThatAccount()
    {
        using var admin = await PortalClient.SetUpAdminAsync(_gateway, password: Password);
        await SetUserAsync(admin, "bob", new { role = "member", password = NewPassword });

        using var laptop = await SignInAsync("bob", NewPassword);
        using var phone = await SignInAsync("bob", NewPassword);
        using (var everywhere = await phone.SendAsync(HttpMethod.Post, "logout?everywhere=true"))
        {
            Assert.Equal(HttpStatusCode.NoContent, everywhere.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMeAsync(laptop));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMeAsync(phone));
        Assert.Equal(HttpStatusCode.OK, await StatusOfMeAsync(admin));
        using var back = await SignInAsync("bob", NewPassword);

        // A plain sign-out ends only its own session.
        using var tablet = await SignInAsync("bob", NewPassword);
        using (var logout = await tablet.SendAsync(HttpMethod.Post, "logout"))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await StatusOfMeAsync(back));
    }

    [Fact]
    public async Task AnAdminSettingAUsersPassword_EndsThatUsersSessions_AndAnAdminsOwnPasswordKeepsTheirSession()
    {
        using var admin = await PortalClient.SetUpAdminAsync(_gateway, password: Password);
        await SetUserAsync(admin, "bob", new { role = "member", password = NewPassword });

        using var bob = await SignInAsync("bob", NewPassword);
        await SetUserAsync(admin, "bob", new { role = "member", sendIsolated = true });

        // Settings other than the password leave the session alone.
        Assert.Equal(HttpStatusCode.OK, await StatusOfMeAsync(bob));
        await SetUserAsync(admin, "bob", new { role = "member", password = "reset by the admin ok" });

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMeAsync(bob));

        using var adminElsewhere = await SignInAsync("owner", Password);
        await SetUserAsync(admin, "owner", new { role = "admin", password = NewPassword });

        Assert.Equal(HttpStatusCode.OK, await StatusOfMeAsync(admin));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMeAsync(adminElsewhere));
        using (var afterwards = await admin.SendAsync(HttpMethod.Post, "keys", new { user = "owner", name = "after-own-password" }))
        {
            Assert.True(afterwards.IsSuccessStatusCode, $"{(int)afterwards.StatusCode} {await afterwards.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task ARoleTakenAwayAndGivenBack_OrAnAccountRemovedAndAddedBack_DoesNotReviveOldSessions()
    {
        using var admin = await PortalClient.SetUpAdminAsync(_gateway, password: Password);
        await SetUserAsync(admin, "bob", new { role = "member", password = NewPassword });

        // A member's session (say, a stolen cookie); bob is made an admin, then a member again.
        using var stolen = await SignInAsync("bob", NewPassword);
        foreach (var role in new[] { "admin", "member" })
        {
            await SetUserAsync(admin, "bob", new { role });
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMeAsync(stolen));

        // Removed (no role) and added back: still ended.
        using var again = await SignInAsync("bob", NewPassword);
        foreach (var body in new object[] { new { }, new { role = "member" } })
        {
            await SetUserAsync(admin, "bob", body);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOfMeAsync(again));
    }

    private static async Task SetUserAsync(PortalClient admin, string name, object settings)
    {
        using var response = await admin.SendAsync(HttpMethod.Put, "users/" + name, settings);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private async Task<PortalClient> SignInAsync(string name, string password)
    {
        var portal = new PortalClient(_gateway.BaseAddress);
        using var login = await portal.PostAnonymousAsync("login", new { name, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(name, (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        return portal;
    }

    private static async Task<HttpStatusCode> StatusOfMeAsync(PortalClient portal)
    {
        using var me = await portal.GetAsync("me");
        return me.StatusCode;
    }
}
