using LlMesh.State.Accounts;
using LlMesh.State.Aliases;
using LlMesh.State.Audit;
using LlMesh.State.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace LlMesh.Gateway.Admin;

/// <summary>Users (role, isolation, portal password), aliases and the audit log.</summary>
internal static class DirectoryEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var admin = api.MapGroup("").RequireAuthorization(AdminDefaults.AdminPolicy).AddEndpointFilter<AntiforgeryFilter>();
        admin.MapGet("/users", ListUsersAsync);
        admin.MapPut("/users/{name}", SetUserAsync).AddEndpointFilter<ValidationFilter<UserUpdate>>();
        admin.MapPut("/aliases/{name}", SetAliasAsync).AddEndpointFilter<ValidationFilter<AliasUpdate>>();
        admin.MapDelete("/aliases/{name}", RemoveAliasAsync);
        admin.MapGet("/audit", async (IAuditLog audit, HttpContext context, int? count) =>
            TypedResults.Ok(await audit.ReadAsync(Math.Clamp(count ?? 100, 1, 1000), context.RequestAborted)));

        var member = api.MapGroup("").RequireAuthorization(AdminDefaults.MemberPolicy);
        member.MapGet("/aliases", (IAliasStore aliases) =>
            TypedResults.Ok<IReadOnlyList<AliasView>>([.. aliases.List().OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => new AliasView(a.Name, a.Tiers))]));
    }

    private static async Task<Ok<IReadOnlyList<UserView>>> ListUsersAsync(IUserStore users, IAccountStore accounts, HttpContext context)
    {
        var records = (await users.ListAsync(context.RequestAborted)).ToDictionary(u => u.Name, StringComparer.Ordinal);
        var names = records.Keys.Union(accounts.List().Select(a => a.Name), StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return TypedResults.Ok<IReadOnlyList<UserView>>([.. names.Select(name =>
        {
            var user = records.GetValueOrDefault(name) ?? new UserRecord(name);
            var account = accounts.Find(name);
            return new UserView(name, account is null ? null : PortalPrincipal.RoleName(account.Role), user.SendIsolated, user.ReceiveIsolated, account?.PasswordHash.Length > 0);
        })]);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetUserAsync(
        string name, UserUpdate update, HttpContext context, IUserStore users, IAccountStore accounts, IAuditLog audit, TimeProvider time)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, AdminRules.NamePattern))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [AdminRules.NameMessage] });
        }

        var me = context.User.Name();
        if (name == me && update.Role != AdminDefaults.AdminRole)
        {
            return TypedResults.Problem("You cannot take away your own admin role.", statusCode: StatusCodes.Status409Conflict);
        }

        await users.SetAsync(new UserRecord(name, update.SendIsolated, update.ReceiveIsolated), context.RequestAborted);
        if (update.Role is { } role)
        {
            var now = time.GetUtcNow();
            var newRole = role == AdminDefaults.AdminRole ? PortalRole.Admin : PortalRole.Member;
            var newHash = update.Password is { } password
                ? new PasswordHasher<PortalAccount>().HashPassword(new PortalAccount(name, "", newRole, now), password)
                : null;

            // Applied to the newest record: a password set meanwhile (or a login's rehash) is kept unless this changes it.
            // A new password, a new role or a new account ends the sessions signed in before: an account removed and
            // added again, or demoted and promoted again, does not bring an old (perhaps stolen) cookie back to life.
            var stored = await accounts.UpdateAsync(
                name,
                a =>
                {
                    var account = a ?? new PortalAccount(name, "", PortalRole.Member, now);
                    var endsSessions = a is null || a.Role != newRole || newHash is not null;
                    return account with
                    {
                        Role = newRole,
                        PasswordHash = newHash ?? account.PasswordHash,
                        SessionStamp = endsSessions ? PortalPrincipal.NewSessionStamp() : account.SessionStamp,
                    };
                },
                context.RequestAborted);
            if (name == me && newHash is not null && stored is not null && context.User.IsLocalSession())
            {
                // An admin who set their own password keeps this session; their others end.
                await context.SignInAsync(AdminDefaults.CookieScheme, PortalPrincipal.For(stored));
            }
        }
        else if (accounts.Find(name) is not null)
        {
            await accounts.RemoveAsync(name, context.RequestAborted);
        }

        var detail = $"role={update.Role ?? "none"} send-isolated={update.SendIsolated} receive-isolated={update.ReceiveIsolated}{(update.Password is null ? "" : " password=changed")}";
        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), me, "user.set", name, detail), context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> SetAliasAsync(string name, AliasUpdate update, HttpContext context, IAliasStore aliases, IAuditLog audit, TimeProvider time)
    {
        var tiers = update.Tiers!.Select(t => (IReadOnlyList<string>)[.. t.Select(m => m.Trim())]).ToArray();
        await aliases.SetAsync(new AliasRecord(name, tiers), context.RequestAborted);
        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), context.User.Name(), "alias.set", name, string.Join(" > ", tiers.Select(t => string.Join(",", t)))), context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, NotFound>> RemoveAliasAsync(string name, HttpContext context, IAliasStore aliases, IAuditLog audit, TimeProvider time)
    {
        if (!await aliases.RemoveAsync(name, context.RequestAborted))
        {
            return TypedResults.NotFound();
        }

        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), context.User.Name(), "alias.remove", name), context.RequestAborted);
        return TypedResults.NoContent();
    }
}
