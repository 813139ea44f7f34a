using LlMesh.State.Accounts;
using LlMesh.State.Audit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace LlMesh.Gateway.Admin;

/// <summary>First-run setup, sign-in and sign-out with a local account, and the anti-forgery token.</summary>
internal static class SessionEndpoints
{
    // Verified when the name is unknown too, so a wrong name takes as long as a wrong password.
    private static readonly string UnknownAccountHash = new PasswordHasher<PortalAccount>().HashPassword(null!, Guid.NewGuid().ToString());

    public static void Map(RouteGroupBuilder api)
    {
        // Anonymous: tells the portal whether to show the first-run setup or the sign-in form.
        api.MapGet("/status", async (SetupCode setup, IAuthenticationSchemeProvider schemes) =>
            TypedResults.Ok(new PortalStatus(SetupRequired: !setup.SetUp, EntraSignIn: await EntraSignIn.IsEnabledAsync(schemes))));

        var anonymous = api.MapGroup("").RequireRateLimiting(AdminDefaults.LoginLimiter);
        anonymous.MapPost("/setup", SetupAsync).AddEndpointFilter<ValidationFilter<SetupRequest>>();
        anonymous.MapPost("/login", LoginAsync).AddEndpointFilter<ValidationFilter<LoginRequest>>();
        EntraSignIn.Map(api);

        var member = api.MapGroup("").RequireAuthorization(AdminDefaults.MemberPolicy);
        member.MapPost("/logout", LogoutAsync).AddEndpointFilter<AntiforgeryFilter>();
        member.MapPost("/password", ChangePasswordAsync)
            .RequireRateLimiting(AdminDefaults.LoginLimiter)
            .AddEndpointFilter<AntiforgeryFilter>()
            .AddEndpointFilter<ValidationFilter<PasswordChange>>();
        member.MapGet("/me", (HttpContext context) => TypedResults.Ok(Session(context.User)));
        member.MapGet("/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            return TypedResults.Ok(new AntiforgeryResponse(tokens.RequestToken!, AdminDefaults.AntiforgeryHeader));
        });
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> SetupAsync(
        SetupRequest request, HttpContext context, SetupCode setup, IAccountStore accounts, IAuditLog audit, TimeProvider timeProvider)
    {
        if (setup.SetUp)
        {
            return TypedResults.Problem("This gateway already has an admin; sign in instead.", statusCode: StatusCodes.Status409Conflict);
        }

        if (!setup.Matches(request.Code))
        {
            return TypedResults.Problem("Wrong setup code. It is printed in the gateway's log.", statusCode: StatusCodes.Status403Forbidden);
        }

        var now = timeProvider.GetUtcNow();
        var admin = new PortalAccount(request.Name!, "", PortalRole.Admin, now, PortalPrincipal.NewSessionStamp());
        admin = admin with { PasswordHash = new PasswordHasher<PortalAccount>().HashPassword(admin, request.Password!) };
        if (!await accounts.TryCreateFirstAdminAsync(admin, context.RequestAborted))
        {
            return TypedResults.Problem("This gateway already has an admin; sign in instead.", statusCode: StatusCodes.Status409Conflict);
        }

        await audit.AppendAsync(new AuditEntry(now, admin.Name, "setup.admin", admin.Name), context.RequestAborted);
        await context.SignInAsync(AdminDefaults.CookieScheme, PortalPrincipal.For(admin));
        return TypedResults.Ok(Session(PortalPrincipal.For(admin)));
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext context, IAccountStore accounts, IAuditLog audit, TimeProvider timeProvider)
    {
        var account = accounts.Find(request.Name!);
        var hasher = new PasswordHasher<PortalAccount>();
        var verdict = hasher.VerifyHashedPassword(account!, account?.PasswordHash ?? UnknownAccountHash, request.Password!);
        if (account is null || account.PasswordHash.Length == 0 || verdict == PasswordVerificationResult.Failed)
        {
            await audit.AppendAsync(new AuditEntry(timeProvider.GetUtcNow(), request.Name!, "login.failed", request.Name!, context.Connection.RemoteIpAddress?.ToString()), context.RequestAborted);
            return TypedResults.Problem("Wrong name or password.", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // Only the hash just checked is replaced: a role change or removal made meanwhile stays, and
            // the session gets the account as stored now.
            var checkedHash = account.PasswordHash;
            var rehashed = hasher.HashPassword(account, request.Password!);
            account = await accounts.UpdateAsync(account.Name, a => a is not null && a.PasswordHash == checkedHash ? a with { PasswordHash = rehashed } : a, context.RequestAborted);
            if (account is null || (account.PasswordHash != rehashed && account.PasswordHash != checkedHash))
            {
                return TypedResults.Problem("Wrong name or password.", statusCode: StatusCodes.Status401Unauthorized);
            }
        }

        await context.SignInAsync(AdminDefaults.CookieScheme, PortalPrincipal.For(account));
        return TypedResults.Ok(Session(PortalPrincipal.For(account)));
    }

    /// <summary>Signs this session out; with <c>?everywhere=true</c> ends every session of the account first (a local account's).</summary>
    private static async Task<NoContent> LogoutAsync(HttpContext context, IAccountStore accounts, IAuditLog audit, TimeProvider timeProvider, bool everywhere = false)
    {
        var name = context.User.Name();
        if (everywhere && context.User.IsLocalSession())
        {
            var stamp = PortalPrincipal.NewSessionStamp();
            await accounts.UpdateAsync(name, a => a is null ? null : a with { SessionStamp = stamp }, context.RequestAborted);
            await audit.AppendAsync(new AuditEntry(timeProvider.GetUtcNow(), name, "sessions.ended", name), context.RequestAborted);
        }

        await context.SignOutAsync(AdminDefaults.CookieScheme);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A local account changes its own password, proving the current one: this session goes on, every other
    /// session of the account ends. Throttled like sign-in, since it is a way to try passwords.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        PasswordChange request, HttpContext context, IAccountStore accounts, IAuditLog audit, TimeProvider timeProvider)
    {
        if (!context.User.IsLocalSession())
        {
            return TypedResults.Problem("Only a session signed in with a password can change it; an Entra ID sign-in's password is managed by Microsoft.", statusCode: StatusCodes.Status409Conflict);
        }

        var name = context.User.Name();
        var account = accounts.Find(name);
        var hasher = new PasswordHasher<PortalAccount>();
        if (account is null || account.PasswordHash.Length == 0
            || hasher.VerifyHashedPassword(account, account.PasswordHash, request.CurrentPassword!) == PasswordVerificationResult.Failed)
        {
            await audit.AppendAsync(new AuditEntry(timeProvider.GetUtcNow(), name, "password.change-failed", name, context.Connection.RemoteIpAddress?.ToString()), context.RequestAborted);

            // Not 401: the session is fine, the password typed is not.
            return TypedResults.Problem("The current password is wrong.", statusCode: StatusCodes.Status403Forbidden);
        }

        // Only over the hash just checked: a password set meanwhile by an admin wins.
        var checkedHash = account.PasswordHash;
        var newHash = hasher.HashPassword(account, request.NewPassword!);
        var stamp = PortalPrincipal.NewSessionStamp();
        var stored = await accounts.UpdateAsync(name, a => a is not null && a.PasswordHash == checkedHash ? a with { PasswordHash = newHash, SessionStamp = stamp } : a, context.RequestAborted);
        if (stored is null || stored.PasswordHash != newHash)
        {
            return TypedResults.Problem("The account changed meanwhile; sign in again.", statusCode: StatusCodes.Status409Conflict);
        }

        await audit.AppendAsync(new AuditEntry(timeProvider.GetUtcNow(), name, "password.changed", name), context.RequestAborted);
        await context.SignInAsync(AdminDefaults.CookieScheme, PortalPrincipal.For(stored));
        return TypedResults.NoContent();
    }

    private static SessionResponse Session(System.Security.Claims.ClaimsPrincipal user) => new(
        user.Name(),
        user.IsAdmin() ? AdminDefaults.AdminRole : AdminDefaults.MemberRole,
        user.IsLocalSession() ? AdminDefaults.LocalSource : AdminDefaults.EntraSource);
}
