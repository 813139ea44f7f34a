using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace LlMesh.Gateway.Admin;

/// <summary>
/// Signing in to the portal page with Entra ID: the OpenID Connect authorization code flow (with PKCE and
/// the client secret) against the tenant's v2.0 endpoint. The ID token's app roles or groups give the
/// portal role, as for bearer tokens; the result is the same portal cookie a local sign-in gets.
/// </summary>
internal static class EntraSignIn
{
    public const string StartPath = "/entra/signin";

    /// <summary>Where a browser lands after sign-in, or after a refused one (with <c>?signin=</c> and the reason).</summary>
    private const string PortalPath = "/portal/";

    /// <summary>Web sign-in needs a confidential client: the app registration's client secret.</summary>
    public static bool IsConfigured(IConfigurationSection entra) =>
        entra["ClientId"] is { Length: > 0 } && entra["ClientSecret"] is { Length: > 0 };

    public static void AddEntraSignIn(this AuthenticationBuilder authentication, IConfigurationSection entra, AdminOptions options)
    {
        authentication.AddOpenIdConnect(AdminDefaults.EntraSignInScheme, "Microsoft Entra ID", oidc =>
        {
            oidc.Authority = EntraBearer.Authority(entra);
            oidc.ClientId = entra["ClientId"];
            oidc.ClientSecret = entra["ClientSecret"];
            oidc.CallbackPath = entra["CallbackPath"] is { Length: > 0 } callback ? callback : "/signin-oidc";
            oidc.RequireHttpsMetadata = !options.EntraAllowHttpMetadata;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            oidc.UsePkce = true;

            // The code comes back on a top-level GET, so the correlation and nonce cookies can be SameSite=Lax
            // and work behind a TLS proxy that the gateway sees as plain HTTP (SameSite=None would need Secure).
            oidc.ResponseMode = OpenIdConnectResponseMode.Query;
            oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
            oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            oidc.NonceCookie.SameSite = SameSiteMode.Lax;
            oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

            // Only the ID token's claims are needed; no tokens are kept in the cookie.
            oidc.MapInboundClaims = false;
            oidc.SaveTokens = false;
            oidc.GetClaimsFromUserInfoEndpoint = false;
            oidc.SignInScheme = AdminDefaults.CookieScheme;
            oidc.Events.OnTokenValidated = OnTokenValidated;
            oidc.Events.OnRemoteFailure = OnRemoteFailure;
        });
    }

    /// <summary><c>GET /admin/api/entra/signin</c>: starts the sign-in; the browser comes back to the portal signed in.</summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet(StartPath, async Task<IResult> (IAuthenticationSchemeProvider schemes) => await IsEnabledAsync(schemes)
                ? TypedResults.Challenge(new AuthenticationProperties { RedirectUri = PortalPath }, [AdminDefaults.EntraSignInScheme])
                : TypedResults.Problem(
                    "Sign-in with Entra ID is not configured: set AzureAd:TenantId, AzureAd:ClientId and AzureAd:ClientSecret.",
                    statusCode: StatusCodes.Status404NotFound))
            .RequireRateLimiting(AdminDefaults.LoginLimiter);

    public static async Task<bool> IsEnabledAsync(IAuthenticationSchemeProvider schemes) =>
        await schemes.GetSchemeAsync(AdminDefaults.EntraSignInScheme) is not null;

    private static Task OnTokenValidated(TokenValidatedContext context)
    {
        var settings = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<AdminOptions>>().CurrentValue;
        if (context.Principal is null || !EntraClaimsMapping.TryMap(context.Principal, settings, out var name, out var role))
        {
            // Signed in to Entra, but not assigned a llmesh role: no session.
            context.Fail($"The Entra ID account has neither the '{settings.EntraAdminRole}' nor the '{settings.EntraMemberRole}' app role (or group) for llmesh.");
            return Task.CompletedTask;
        }

        // The role was read from the ID token once: the session lasts SessionLifetime from sign-in and does not
        // slide, so a role removed in Entra ID ends access at the latest then.
        context.Principal = PortalPrincipal.ForEntra(name, role);
        context.Properties!.IsPersistent = false;
        context.Properties.AllowRefresh = false;
        context.Properties.ExpiresUtc = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow() + settings.SessionLifetime;
        return Task.CompletedTask;
    }

    private static Task OnRemoteFailure(RemoteFailureContext context)
    {
        // Back to the portal with the reason, rather than an exception page.
        var reason = context.Failure?.Message ?? "Sign-in with Entra ID failed.";
        context.Response.Redirect($"{PortalPath}?signin=failed&reason={Uri.EscapeDataString(reason)}");
        context.HandleResponse();
        return Task.CompletedTask;
    }
}
