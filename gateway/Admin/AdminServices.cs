using System.Globalization;
using System.Threading.RateLimiting;
using LlMesh.Configuration;
using LlMesh.State.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using StackExchange.Redis;

namespace LlMesh.Gateway.Admin;

internal static class AdminServices
{
    /// <summary>The admin API's sign-in (local accounts, cookie), anti-forgery, login throttling and JSON.</summary>
    public static IServiceCollection AddLlMeshAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName))
            .ValidateFluently<AdminOptions, AdminOptionsValidator>();
        var options = configuration.GetSection(AdminOptions.SectionName).Get<AdminOptions>() ?? new AdminOptions();

        services.AddSingleton<SetupCode>();
        services.AddHostedService(sp => sp.GetRequiredService<SetupCode>());
        services.AddHostedService<CredentialRetention>();
        services.AddSingleton<FluentValidation.IValidator<SetupRequest>, SetupRequestValidator>();
        services.AddSingleton<FluentValidation.IValidator<LoginRequest>, LoginRequestValidator>();
        services.AddSingleton<FluentValidation.IValidator<PasswordChange>, PasswordChangeValidator>();
        services.AddSingleton<FluentValidation.IValidator<CreateCredentialRequest>, CreateCredentialRequestValidator>();
        services.AddSingleton<FluentValidation.IValidator<UpdateCredentialRequest>, UpdateCredentialRequestValidator>();
        services.AddSingleton<FluentValidation.IValidator<UserUpdate>, UserUpdateValidator>();
        services.AddSingleton<FluentValidation.IValidator<AliasUpdate>, AliasUpdateValidator>();
        services.AddProblemDetails();
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default));

        // Cookies must survive a restart and be readable by every replica: the keys that protect them
        // live in Redis when it is configured, else in the data directory.
        var dataProtection = services.AddDataProtection().SetApplicationName("llmesh");
        if (configuration.GetConnectionString(State.StateServices.RedisConnectionName) is { Length: > 0 })
        {
            services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>().Configure<IConnectionMultiplexer, Microsoft.Extensions.Options.IOptions<LlMesh.State.Redis.RedisStateOptions>>(
                (keys, redis, redisOptions) => keys.XmlRepository = new ConnectedXmlRepository(
                    new Microsoft.AspNetCore.DataProtection.StackExchangeRedis.RedisXmlRepository(
                        () => redis.GetDatabase(), new LlMesh.State.Redis.RedisKeys(redisOptions.Value.KeyPrefix).Key("data-protection")),
                    redis));
        }
        else
        {
            var dataDirectory = configuration.GetSection(GatewayServices.LlMeshSection).Get<LlMesh.State.Embedded.EmbeddedStateOptions>()?.DataDirectory
                ?? LlMesh.State.Embedded.EmbeddedStateOptions.DefaultDataDirectory;
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
        }

        var authentication = services.AddAuthentication();
        authentication.AddCookie(AdminDefaults.CookieScheme, cookie =>
            {
                cookie.Cookie.Name = AdminDefaults.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.Cookie.Path = "/";
                cookie.ExpireTimeSpan = options.SessionLifetime;
                cookie.SlidingExpiration = true;

                // An API answers with status codes, never with redirects to a login page.
                cookie.Events.OnRedirectToLogin = context => WriteStatusAsync(context.Response, StatusCodes.Status401Unauthorized);
                cookie.Events.OnRedirectToAccessDenied = context => WriteStatusAsync(context.Response, StatusCodes.Status403Forbidden);

                // A removed or demoted account, or one whose sessions were ended (a new password, "sign out
                // everywhere"), loses its session at once, not when the cookie expires.
                // (Entra ID sessions have no local account: their role came from the ID token.)
                cookie.Events.OnValidatePrincipal = context =>
                {
                    if (context.Principal?.IsEntraSession() == true)
                    {
                        return Task.CompletedTask;
                    }

                    var account = context.Principal?.Identity?.Name is { } name
                        ? context.HttpContext.RequestServices.GetRequiredService<IAccountStore>().Find(name)
                        : null;
                    if (!context.Principal!.IsCurrentFor(account))
                    {
                        context.RejectPrincipal();
                    }

                    return Task.CompletedTask;
                };
            });
        // Entra ID when configured: bearer tokens (EntraBearer), and portal sign-in when a client secret is set too.
        string[] schemes = [AdminDefaults.CookieScheme];
        if (configuration.GetSection(AdminDefaults.EntraSection)["ClientId"] is { Length: > 0 })
        {
            var entra = configuration.GetSection(AdminDefaults.EntraSection);
            authentication.AddEntraBearer(entra, options);
            schemes = [AdminDefaults.CookieScheme, AdminDefaults.EntraScheme];
            if (EntraSignIn.IsConfigured(entra))
            {
                authentication.AddEntraSignIn(entra, options);
            }
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(AdminDefaults.MemberPolicy, policy => policy.AddAuthenticationSchemes(schemes).RequireRole(AdminDefaults.AdminRole, AdminDefaults.MemberRole))
            .AddPolicy(AdminDefaults.AdminPolicy, policy => policy.AddAuthenticationSchemes(schemes).RequireRole(AdminDefaults.AdminRole));

        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = AdminDefaults.AntiforgeryHeader;
            antiforgery.Cookie.Name = AdminDefaults.AntiforgeryCookieName;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AdminDefaults.LoginLimiter, context => RateLimitPartition.GetFixedWindowLimiter(
                LoginThrottleKey.For(context.Connection.RemoteIpAddress),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem("Too many sign-in attempts; wait a minute.", statusCode: StatusCodes.Status429TooManyRequests)
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static Task WriteStatusAsync(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
