using System.Security.Claims;
using LlMesh.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Microsoft.Identity.Web.Resource;
using Microsoft.IdentityModel.Validators;

namespace LlMesh.Gateway.Admin;

/// <summary>
/// Entra ID bearer tokens for the admin API: ASP.NET Core's JWT bearer handler against the tenant's v2.0
/// metadata, with Microsoft.Identity.Web's Entra issuer validator (v1.0 and v2.0 issuers of the tenant) and
/// signing-key issuer check. Microsoft.Identity.Web's whole web-API registration is not used: it also
/// registers token acquisition and certificate loading for calling downstream APIs, which the gateway never
/// does, and those made the NativeAOT gateway 4.3 MB bigger and its idle memory ~4 MB larger (ADR 0011).
/// </summary>
internal static class EntraBearer
{
    public const string DefaultInstance = "https://login.microsoftonline.com/";

    // A token for this API carries delegated scopes or app roles (as Microsoft.Identity.Web requires).
    private static readonly string[] ScopeOrRoleClaims = ["scp", "roles"];

    /// <summary>The tenant's v2.0 authority, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    public static string Authority(IConfigurationSection entra) => Settings(entra).Authority;

    public static void AddEntraBearer(this AuthenticationBuilder authentication, IConfigurationSection entra, AdminOptions options)
    {
        var settings = Settings(entra);
        var authority = settings.Authority;
        var clientId = settings.ClientId ?? "";
        authentication.AddJwtBearer(AdminDefaults.EntraScheme, jwt =>
        {
            jwt.Authority = authority;
            jwt.RequireHttpsMetadata = !options.EntraAllowHttpMetadata;

            // The token's own claim names; the request then runs as the llmesh user and portal role they map to
            // (OnTokenValidated), so an Entra app role that happens to be named "admin" is not llmesh's admin.
            jwt.MapInboundClaims = false;

            // The app registration's client id, its api:// URI, or the Application ID URI set as AzureAd:Audience.
            jwt.TokenValidationParameters.ValidAudiences = settings.Audience is { Length: > 0 } audience
                ? [audience, clientId, "api://" + clientId]
                : [clientId, "api://" + clientId];
            jwt.TokenValidationParameters.EnableAadSigningKeyIssuerValidation();
            jwt.Events = new JwtBearerEvents { OnTokenValidated = OnTokenValidated };
        });

        var services = authentication.Services;
        services.AddOptions<EntraOptions>().Bind(entra).ValidateFluently<EntraOptions, EntraOptionsValidator>();
        if (options.EntraAllowHttpMetadata)
        {
            // Tests with a local issuer: Entra's issuer validator fetches metadata over HTTPS only, so the issuer
            // is checked against the configured authority exactly instead.
            services.PostConfigure<JwtBearerOptions>(AdminDefaults.EntraScheme, jwt => jwt.TokenValidationParameters.ValidIssuer = authority);
            return;
        }

        services.AddHttpClient();
        services.AddOptions<AadIssuerValidatorOptions>();
        services.TryAddSingleton<MicrosoftIdentityIssuerValidatorFactory>();
        services.AddOptions<JwtBearerOptions>(AdminDefaults.EntraScheme)
            .Configure<MicrosoftIdentityIssuerValidatorFactory>((jwt, issuers) =>
                jwt.TokenValidationParameters.IssuerValidator = issuers.GetAadIssuerValidator(authority).Validate);
    }

    // Read once at registration; the same section is bound and validated at start-up as EntraOptions.
    private static EntraOptions Settings(IConfigurationSection entra) => entra.Get<EntraOptions>() ?? new EntraOptions();

    private static Task OnTokenValidated(TokenValidatedContext context)
    {
        if (context.Principal?.HasClaim(c => ScopeOrRoleClaims.Contains(c.Type)) != true)
        {
            context.Fail("The token has neither delegated scopes (scp) nor app roles (roles).");
            return Task.CompletedTask;
        }

        // Nothing else of the token reaches the admin API: the llmesh user and the portal role its app roles or
        // groups grant. Without one of llmesh's roles the caller is signed in with no role (403 everywhere).
        var settings = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<AdminOptions>>().CurrentValue;
        Claim[] claims = EntraClaimsMapping.TryMap(context.Principal, settings, out var name, out var role)
            ? [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)]
            : [];
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, AdminDefaults.EntraScheme));
        return Task.CompletedTask;
    }
}
