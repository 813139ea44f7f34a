using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using LlMesh.Testing;
using LlMesh.Testing.Identity;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.Admin;

/// <summary>
/// Signing in to the portal with Entra ID for real: the gateway's OpenID Connect handler against a local
/// issuer (discovery, authorize, code redemption with client secret and PKCE, signed ID token), step by
/// step as a browser follows the redirects. The ID token's app roles decide admin, member or nothing.
/// </summary>
[Trait(PublishedBuilds.Trait, PublishedBuilds.Value)]
public sealed class EntraSignInTests : IAsyncLifetime
{
    private const string ClientId = "5d1c6b1e-1111-4222-8333-llmesh-web";
    private EntraGateway _entra = null!;

    private LocalOidcIssuer Issuer => _entra.Issuer;

    private GatewayProcess Gateway => _entra.Gateway;

    public async Task InitializeAsync() => _entra = await EntraGateway.StartAsync(ClientId, webSignIn: true);

    public async Task DisposeAsync() => await _entra.DisposeAsync();

    [Fact]
    public async Task AdminRole_SignsIn_AndGetsThePortalCookie_WithAntiforgeryOnChanges()
    {
        Issuer.SignInAs("ada@example.com", "llmesh.admin");
        using var browser = new Browser(Gateway.BaseAddress);

        var status = await browser.Client.GetFromJsonAsync<JsonElement>("admin/api/status");
        Assert.True(status.GetProperty("entraSignIn").GetBoolean());

        var landing = await browser.SignInWithEntraAsync();

        Assert.Equal("/portal/", landing.AbsolutePath);
        Assert.Equal(1, Issuer.Redeemed);
        var me = await browser.Client.GetFromJsonAsync<JsonElement>("admin/api/me");
        Assert.Equal("ada@example.com", me.GetProperty("name").GetString());
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync("admin/api/users")).StatusCode);

        // The session is a cookie like a local one: a change without the anti-forgery token is refused.
        using var forged = await browser.Client.PostAsJsonAsync("admin/api/keys", new { name = "no-token" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var antiforgery = await browser.Client.GetFromJsonAsync<JsonElement>("admin/api/antiforgery");
        using var create = new HttpRequestMessage(HttpMethod.Post, "admin/api/keys") { Content = JsonContent.Create(new { name = "laptop" }) };
        create.Headers.Add("X-XSRF-TOKEN", antiforgery.GetProperty("token").GetString());
        using var created = await browser.Client.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("ada@example.com", await browser.Client.GetStringAsync("admin/api/audit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemberRole_SignsIn_AsAMember()
    {
        Issuer.SignInAs("max@example.com", "llmesh.member");
        using var browser = new Browser(Gateway.BaseAddress);

        await browser.SignInWithEntraAsync();

        Assert.Equal("member", (await browser.Client.GetFromJsonAsync<JsonElement>("admin/api/me")).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.Client.GetAsync("admin/api/users")).StatusCode);
    }

    [Theory]
    [InlineData("no-role")]
    [InlineData("unrelated-role")]
    [InlineData("cancelled")]
    public async Task NoLlMeshRole_OrCancelled_BackToThePortalWithTheReason_AndNoSession(string what)
    {
        switch (what)
        {
            case "no-role": Issuer.SignInAs("eve@example.com"); break;
            case "unrelated-role": Issuer.SignInAs("eve@example.com", "payroll.reader"); break;
        }

        using var browser = new Browser(Gateway.BaseAddress);

        var landing = await browser.SignInWithEntraAsync();

        Assert.Equal("/portal/", landing.AbsolutePath);
        var query = HttpUtility.ParseQueryString(landing.Query);
        Assert.Equal("failed", query["signin"]);
        Assert.Contains(what == "cancelled" ? "cancelled" : "llmesh.admin", query["reason"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Client.GetAsync("admin/api/me")).StatusCode);
    }

    [Fact]
    public async Task ACallbackTheBrowserDidNotStart_IsRefused()
    {
        Issuer.SignInAs("ada@example.com", "llmesh.admin");
        using var victim = new Browser(Gateway.BaseAddress);
        using var attacker = new Browser(Gateway.BaseAddress);

        // The attacker starts a sign-in and gets a valid code and state, then makes another browser land
        // on the callback with them (login CSRF): without the correlation cookie, the gateway refuses it.
        var callback = await attacker.FollowUntilCallbackAsync();
        var landing = await victim.FollowAsync(callback);

        Assert.Equal("failed", HttpUtility.ParseQueryString(landing.Query)["signin"]);
        Assert.Equal(0, Issuer.Redeemed);
        Assert.Equal(HttpStatusCode.Unauthorized, (await victim.Client.GetAsync("admin/api/me")).StatusCode);
    }

    /// <summary>A browser: a cookie jar and redirects followed one at a time across the gateway and the issuer.</summary>
    private sealed class Browser : IDisposable
    {
        private readonly Uri Gateway;

        public Browser(Uri gateway)
        {
            Gateway = gateway;
            Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = gateway };
        }

        public HttpClient Client { get; }

        /// <summary>Clicks "Sign in with Microsoft" and follows the redirects back to the portal; returns where it landed.</summary>
        public async Task<Uri> SignInWithEntraAsync() => await FollowAsync(new Uri(Gateway, "admin/api/entra/signin"));

        /// <summary>Follows the redirects up to (not into) the gateway's callback.</summary>
        public async Task<Uri> FollowUntilCallbackAsync()
        {
            var at = new Uri(Gateway, "admin/api/entra/signin");
            while (true)
            {
                using var response = await Client.GetAsync(at);
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                var next = new Uri(at, response.Headers.Location!);
                if (next.AbsolutePath == "/signin-oidc")
                {
                    return next;
                }

                at = next;
            }
        }

        public async Task<Uri> FollowAsync(Uri start)
        {
            var at = start;
            for (var hop = 0; hop < 10; hop++)
            {
                using var response = await Client.GetAsync(at);
                if (response.StatusCode != HttpStatusCode.Redirect)
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    return at;
                }

                at = new Uri(at, response.Headers.Location!);
            }

            throw new InvalidOperationException("Too many redirects.");
        }

        public void Dispose() => Client.Dispose();
    }
}
