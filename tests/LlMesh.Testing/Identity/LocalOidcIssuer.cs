using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LlMesh.Testing.Identity;

/// <summary>
/// An OpenID Connect issuer on 127.0.0.1 shaped like Entra ID's v2.0 endpoints: discovery document,
/// JWKS with one RSA key, RS256-signed access tokens made on demand, and the authorization code flow
/// (authorize → code → token endpoint with client secret and PKCE → ID token) for web sign-in. What the
/// gateway fetches and validates is real; only the tenant is local, and the user "signs in" as whoever
/// <see cref="SignInAs"/> names.
/// </summary>
public sealed class LocalOidcIssuer : IAsyncDisposable
{
    public const string TenantId = "7a1d5d2e-0000-4000-8000-00000000beef";

    /// <summary>The client secret the token endpoint accepts.</summary>
    public const string ClientSecret = "local-test-client-secret";

    private readonly ConcurrentDictionary<string, PendingCode> _codes = new(StringComparer.Ordinal);
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

    /// <summary>Who the next authorization requests sign in as; null: the user cancels (access_denied).</summary>
    public (string User, string[] Roles)? SignedInUser { get; private set; }

    /// <summary>How many codes the token endpoint redeemed.</summary>
    public int Redeemed { get; private set; }

    public void SignInAs(string user, params string[] roles) => SignedInUser = (user, roles);

    /// <summary>
    /// The gateway's <c>AzureAd</c> settings for this issuer (environment variables), with the client secret
    /// that turns on portal sign-in when <paramref name="webSignIn"/>; metadata over plain HTTP, as only tests allow.
    /// </summary>
    public Dictionary<string, string?> GatewaySettings(string clientId, bool webSignIn)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureAd__Instance"] = Instance.ToString(),
            ["AzureAd__TenantId"] = TenantId,
            ["AzureAd__ClientId"] = clientId,
            ["LlMesh__Admin__EntraAllowHttpMetadata"] = "true",
        };
        if (webSignIn)
        {
            settings["AzureAd__ClientSecret"] = ClientSecret;
        }

        return settings;
    }

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
        app.MapGet("/{tenant}/oauth2/v2.0/authorize", issuer.Authorize);
        app.MapPost("/{tenant}/oauth2/v2.0/token", issuer.RedeemAsync);
        await app.StartAsync();
        var address = app.Urls.First();
        issuer.Instance = new Uri(address.TrimEnd('/') + "/");
        return issuer;
    }

    /// <summary>
    /// An access token as Entra would issue it for the API (<paramref name="audience"/>), with app roles and any
    /// <paramref name="extraClaims"/> (e.g. what a tenant's claims-mapping policy adds).
    /// </summary>
    public string CreateToken(
        string audience, string user, string[] roles, DateTimeOffset? expires = null, string? tenantId = null, IReadOnlyDictionary<string, object>? extraClaims = null)
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

        foreach (var (type, value) in extraClaims ?? new Dictionary<string, object>())
        {
            claims[type] = value;
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

    /// <summary>An ID token for a web sign-in: audience is the client, and it carries the request's nonce.</summary>
    public string CreateIdToken(string clientId, string user, string[] roles, string? nonce)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["tid"] = TenantId,
            ["oid"] = Guid.NewGuid().ToString(),
            ["sub"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(user))),
            ["preferred_username"] = user,
            ["name"] = "Test " + user,
            ["ver"] = "2.0",
        };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        if (roles.Length > 0)
        {
            claims["roles"] = roles;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = clientId,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddHours(1).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    // The user signs in at once (no page): back to the client's redirect URI with a code, or with access_denied.
    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        var redirect = query["redirect_uri"].ToString();
        var separator = redirect.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var state = Uri.EscapeDataString(query["state"].ToString());
        if (query["response_type"] != "code" || query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]))
        {
            return Results.Redirect($"{redirect}{separator}error=unsupported_response_type&state={state}");
        }

        if (SignedInUser is not { } user)
        {
            return Results.Redirect($"{redirect}{separator}error=access_denied&error_description={Uri.EscapeDataString("The user cancelled the sign-in.")}&state={state}");
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        _codes[code] = new PendingCode(query["client_id"].ToString(), redirect, query["code_challenge"].ToString(), query["nonce"].ToString(), user.User, user.Roles);
        return Results.Redirect($"{redirect}{separator}code={code}&state={state}");
    }

    // The gateway redeems the code server to server: client secret, same redirect URI, PKCE verifier.
    private async Task<IResult> RedeemAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var pending))
        {
            return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        if (form["client_id"] != pending.ClientId || form["client_secret"] != ClientSecret)
        {
            return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_client" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (form["redirect_uri"] != pending.RedirectUri || challenge != pending.CodeChallenge)
        {
            return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        Redeemed++;
        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["id_token"] = CreateIdToken(pending.ClientId, pending.User, pending.Roles, pending.Nonce.Length > 0 ? pending.Nonce : null),
            ["access_token"] = CreateToken(pending.ClientId, pending.User, pending.Roles),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
    }

    private sealed record PendingCode(string ClientId, string RedirectUri, string CodeChallenge, string Nonce, string User, string[] Roles);
}
