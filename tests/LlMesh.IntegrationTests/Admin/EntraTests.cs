using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LlMesh.Testing;
using LlMesh.Testing.Identity;
using LlMesh.Testing.Processes;

namespace LlMesh.IntegrationTests.Admin;

/// <summary>
/// The Entra ID path for real: the gateway's JWT bearer handler fetches a local issuer's discovery
/// document and keys and validates signed tokens; app roles decide admin or member.
/// </summary>
[Trait(PublishedBuilds.Trait, PublishedBuilds.Value)]
public sealed class EntraTests : IAsyncLifetime
{
    private const string ClientId = "5d1c6b1e-1111-4222-8333-llmesh-api";
    private EntraGateway _entra = null!;

    private LocalOidcIssuer Issuer => _entra.Issuer;

    private GatewayProcess Gateway => _entra.Gateway;

    public async Task InitializeAsync() => _entra = await EntraGateway.StartAsync(ClientId, webSignIn: false);

    public async Task DisposeAsync() => await _entra.DisposeAsync();

    [Fact]
    public async Task AdminRole_MayManageEverything_WithoutACookieOrAntiforgeryToken()
    {
        using var client = Client(Issuer.CreateToken(ClientId, "ada@example.com", ["llmesh.admin"]));

        var me = await client.GetFromJsonAsync<JsonElement>("admin/api/me");
        Assert.Equal("ada@example.com", me.GetProperty("name").GetString());
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("admin/api/users")).StatusCode);

        using var created = await client.PostAsJsonAsync("admin/api/keys", new { name = "automation", user = "bob" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var audit = await client.GetStringAsync("admin/api/audit");
        Assert.Contains("ada@example.com", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MemberRole_SeesOnlyTheirOwn_AndNoAdminPages()
    {
        using var client = Client(Issuer.CreateToken(ClientId, "max@example.com", ["llmesh.member"]));

        Assert.Equal("member", (await client.GetFromJsonAsync<JsonElement>("admin/api/me")).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("admin/api/users")).StatusCode);
        using var own = await client.PostAsJsonAsync("admin/api/keys", new { name = "laptop" });
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        using var others = await client.PostAsJsonAsync("admin/api/keys", new { name = "x", user = "ada@example.com" });
        Assert.Equal(HttpStatusCode.Forbidden, others.StatusCode);
    }

    [Theory]
    [InlineData("api://")]
    [InlineData("")]
    public async Task TheClientId_AndItsApiUri_AreBothThisApisAudience(string prefix)
    {
        using var client = Client(Issuer.CreateToken(prefix + ClientId, "ada@example.com", ["llmesh.admin"]));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("admin/api/users")).StatusCode);
    }

    [Fact]
    public async Task AnEntraAppRoleNamedLikeAPortalRole_GrantsNothing()
    {
        // Only EntraAdminRole / EntraMemberRole (llmesh.admin, llmesh.member) map to the portal's roles.
        using var client = Client(Issuer.CreateToken(ClientId, "eve@example.com", ["admin", "member"]));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("admin/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("admin/api/keys")).StatusCode);
    }

    [Fact]
    public async Task ClaimsUnderDotNetsOwnClaimTypeNames_GrantNothing_OnlyTheMappedUserAndRoleCount()
    {
        // A claims-mapping policy could put claims under the long names .NET uses for name and role; the admin API
        // sees only the llmesh user and role the token's roles map to, never the token's own claims.
        var token = Issuer.CreateToken(ClientId, "max@example.com", ["llmesh.member"], extraClaims: new Dictionary<string, object>
        {
            [System.Security.Claims.ClaimTypes.Role] = "admin",
            [System.Security.Claims.ClaimTypes.Name] = "ada@example.com",
        });
        using var client = Client(token);

        var me = await client.GetFromJsonAsync<JsonElement>("admin/api/me");
        Assert.Equal("max@example.com", me.GetProperty("name").GetString());
        Assert.Equal("member", me.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("admin/api/users")).StatusCode);
    }

    [Theory]
    [InlineData("wrong-audience")]
    [InlineData("expired")]
    [InlineData("no-role")]
    [InlineData("unrelated-role")]
    [InlineData("other-issuer-key")]
    public async Task BadTokens_AreRefused(string what)
    {
        var token = what switch
        {
            "wrong-audience" => Issuer.CreateToken("some-other-api", "eve@example.com", ["llmesh.admin"]),
            "expired" => Issuer.CreateToken(ClientId, "eve@example.com", ["llmesh.admin"], expires: DateTimeOffset.UtcNow.AddMinutes(-10)),
            "no-role" => Issuer.CreateToken(ClientId, "eve@example.com", []),
            "unrelated-role" => Issuer.CreateToken(ClientId, "eve@example.com", ["payroll.reader"]),
            _ => await ForeignTokenAsync(),
        };
        using var client = Client(token);

        using var response = await client.GetAsync("admin/api/keys");

        // A token with neither scopes nor roles is refused at sign-in (401, as Microsoft.Identity.Web does); a valid token
        // whose roles are not llmesh's is authenticated but may do nothing (403).
        var expected = what == "unrelated-role" ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;
        Assert.Equal(expected, response.StatusCode);
        using var write = await client.PostAsJsonAsync("admin/api/keys", new { name = "x" });
        Assert.Equal(expected, write.StatusCode);
    }

    [Fact]
    public async Task EntraTokens_DoNotOpenV1_AndApiKeysDoNotOpenTheAdminApi()
    {
        using var admin = Client(Issuer.CreateToken(ClientId, "ada@example.com", ["llmesh.admin"]));
        using var created = await admin.PostAsJsonAsync("admin/api/keys", new { name = "k" });
        var apiKey = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;

        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("v1/models")).StatusCode);
        using var withKey = Client(apiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withKey.GetAsync("admin/api/keys")).StatusCode);
    }

    private HttpClient Client(string bearer)
    {
        var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    /// <summary>A token with the right claims, signed by a key the gateway's issuer never published.</summary>
    private static async Task<string> ForeignTokenAsync()
    {
        await using var stranger = await LocalOidcIssuer.StartAsync();
        return stranger.CreateToken(ClientId, "eve@example.com", ["llmesh.admin"]);
    }
}
