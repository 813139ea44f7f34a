using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LlMesh.IntegrationTests.Admin;

/// <summary>
/// An OpenID Connect issuer on 127.0.0.1 shaped like Entra ID's v2.0 endpoints: discovery document,
/// JWKS with one RSA key, and RS256-signed access tokens made on demand. What Microsoft.Identity.Web
/// in the gateway fetches and validates is real; only the tenant is local.
/// </summary>
internal sealed class LocalOidcIssuer : IAsyncDisposable
{
    public const string TenantId = "7a1d5d2e-0000-4000-8000-00000000beef";
    private readonly RSA _rsa;
    private readonly RsaSecurityKey _key;
    private readonly WebApplication _app;

    private LocalOidcIssuer(WebApplication app, RSA rsa)
    {
        _app = app;
        _rsa = rsa;
        _key = new RsaSecurityKey(rsa) { KeyId = "local-test-key" };
    }

    /// <summary>The <c>AzureAd:Instance</c> to give the gateway.</summary>
    public Uri Instance { get; private set; } = null!;

    public string Issuer => $"{Instance}{TenantId}/v2.0";

    public static async Task<LocalOidcIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var rsa = RSA.Create(2048);
        var issuer = new LocalOidcIssuer(app, rsa);
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Results.Text($$"""
            {
              "issuer": "{{issuer.Issuer}}",
              "authorization_endpoint": "{{issuer.Instance}}{{tenant}}/oauth2/v2.0/authorize",
              "token_endpoint": "{{issuer.Instance}}{{tenant}}/oauth2/v2.0/token",
              "jwks_uri": "{{issuer.Instance}}{{tenant}}/discovery/v2.0/keys",
              "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
              "subject_types_supported": ["pairwise"],
              "id_token_signing_alg_values_supported": ["RS256"],
              "tenant_region_scope": "EU"
            }
            """, "application/json"));
        app.MapGet("/{tenant}/discovery/v2.0/keys", () =>
        {
            var parameters = rsa.ExportParameters(includePrivateParameters: false);
            return Results.Text($$"""
                {"keys":[{"kty":"RSA","use":"sig","kid":"{{issuer._key.KeyId}}","n":"{{Base64UrlEncoder.Encode(parameters.Modulus)}}","e":"{{Base64UrlEncoder.Encode(parameters.Exponent)}}"}]}
                """, "application/json");
        });
        await app.StartAsync();
        var address = app.Urls.First();
        issuer.Instance = new Uri(address.TrimEnd('/') + "/");
        return issuer;
    }

    /// <summary>An access token as Entra would issue it for the API (<paramref name="audience"/>), with app roles.</summary>
    public string CreateToken(string audience, string user, string[] roles, DateTimeOffset? expires = null, string? tenantId = null)
    {
        var now = DateTimeOffset.UtcNow;
        var until = expires ?? now.AddHours(1);
        var claims = new Dictionary<string, object>
        {
            ["tid"] = tenantId ?? TenantId,
            ["oid"] = Guid.NewGuid().ToString(),
            ["preferred_username"] = user,
            ["name"] = "Test " + user,
            ["ver"] = "2.0",
        };
        if (roles.Length > 0)
        {
            claims["roles"] = roles;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = (until < now ? until.AddMinutes(-30) : now).UtcDateTime,
            NotBefore = (until < now ? until.AddMinutes(-30) : now).UtcDateTime,
            Expires = until.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}
