using LlMesh.State;
using LlMesh.State.Audit;
using LlMesh.State.Credentials;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Admin;

/// <summary>
/// <c>/keys</c> and <c>/tokens</c>: list, create (the secret is in the answer once and nowhere else,
/// ever), change settings (tiers, models, limits, expiry; same secret) and revoke. Members see and change only their own; admins everyone's.
/// </summary>
internal static class CredentialEndpoints
{
    public static void Map(RouteGroupBuilder api, string path, CredentialKind kind)
    {
        var group = api.MapGroup(path).RequireAuthorization(AdminDefaults.MemberPolicy).AddEndpointFilter<AntiforgeryFilter>();
        group.MapGet("", (HttpContext context, ICredentialStore store) => ListAsync(context, store, kind));
        group.MapPost("", (CreateCredentialRequest request, HttpContext context, ICredentialStore store, IAuditLog audit, TimeProvider time, IOptions<AdminOptions> limits) =>
                CreateAsync(request, context, store, audit, time, limits, kind))
            .AddEndpointFilter<ValidationFilter<CreateCredentialRequest>>();
        group.MapPut("/{id}", (string id, UpdateCredentialRequest request, HttpContext context, ICredentialStore store, IAuditLog audit, TimeProvider time) =>
                UpdateAsync(id, request, context, store, audit, time, kind))
            .AddEndpointFilter<ValidationFilter<UpdateCredentialRequest>>();
        group.MapDelete("/{id}", (string id, HttpContext context, ICredentialStore store, IAuditLog audit, TimeProvider time) =>
            RevokeAsync(id, context, store, audit, time, kind));
    }

    private static async Task<Ok<IReadOnlyList<CredentialView>>> ListAsync(HttpContext context, ICredentialStore store, CredentialKind kind)
    {
        var all = await store.ListAsync(kind, context.RequestAborted);
        var visible = context.User.IsAdmin() ? all : all.Where(c => c.User == context.User.Name());
        return TypedResults.Ok<IReadOnlyList<CredentialView>>([.. visible.Select(View)]);
    }

    private static async Task<Results<Created<CreatedCredential>, ProblemHttpResult>> CreateAsync(
        CreateCredentialRequest request, HttpContext context, ICredentialStore store, IAuditLog audit, TimeProvider time, IOptions<AdminOptions> limits, CredentialKind kind)
    {
        var me = context.User.Name();
        var user = request.User ?? me;
        if (!context.User.IsAdmin() && (user != me || request.MaxPriority == Priority.High))
        {
            return TypedResults.Problem(
                user != me ? "Only an admin may create credentials for another user." : "Only an admin may give a key the high tier.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        var held = (await store.ListAsync(kind, context.RequestAborted)).Count(c => c.User == user && c.IsActive);
        if (held >= limits.Value.MaxActiveCredentialsPerUser)
        {
            return TypedResults.Problem(
                $"{user} already holds {held} active {(kind == CredentialKind.ApiKey ? "API keys" : "client tokens")}, the most allowed (LlMesh:Admin:MaxActiveCredentialsPerUser); revoke one first.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var (credential, secret) = await store.IssueAsync(kind, user, request.Name, context.RequestAborted);
        credential = await store.UpdateAsync(credential.Id, c => Apply(c, request), context.RequestAborted) ?? credential;

        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), me, Action(kind, "create"), credential.Id, $"user={user}"), context.RequestAborted);
        var view = View(credential);
        return TypedResults.Created($"{AdminDefaults.RoutePrefix}/{(kind == CredentialKind.ApiKey ? "keys" : "tokens")}/{credential.Id}", new CreatedCredential(view, secret));
    }

    private static async Task<Results<Ok<CredentialView>, NotFound, ProblemHttpResult>> UpdateAsync(
        string id, UpdateCredentialRequest request, HttpContext context, ICredentialStore store, IAuditLog audit, TimeProvider time, CredentialKind kind)
    {
        var credential = (await store.ListAsync(kind, context.RequestAborted)).FirstOrDefault(c => c.Id == id && c.IsActive);
        if (credential is null || (!context.User.IsAdmin() && credential.User != context.User.Name()))
        {
            return TypedResults.NotFound();
        }

        if (!context.User.IsAdmin() && request.MaxPriority == Priority.High)
        {
            return TypedResults.Problem("Only an admin may give a key the high tier.", statusCode: StatusCodes.Status403Forbidden);
        }

        // Revoked meanwhile: stays revoked (the update applies to active credentials only).
        var updated = await store.UpdateAsync(id, c => c.IsActive ? Apply(c, request) with { Name = request.Name ?? c.Name } : c, context.RequestAborted);
        if (updated is null || !updated.IsActive)
        {
            return TypedResults.NotFound();
        }

        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), context.User.Name(), Action(kind, "update"), id, $"user={credential.User}"), context.RequestAborted);
        return TypedResults.Ok(View(updated));
    }

    private static Credential Apply(Credential credential, ICredentialSettings settings)
    {
        var maxPriority = settings.MaxPriority ?? Priority.Normal;
        return credential with
        {
            DefaultPriority = settings.DefaultPriority ?? (Priority)Math.Max((int)Priority.Normal, (int)maxPriority),
            MaxPriority = maxPriority,
            RejectAboveMaxPriority = settings.RejectAboveMaxPriority,
            ExpiresAt = settings.ExpiresAt,
            AllowedModels = settings.AllowedModels ?? [],
            RequestsPerMinute = settings.RequestsPerMinute,
            TokensPerMinute = settings.TokensPerMinute,
        };
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> RevokeAsync(
        string id, HttpContext context, ICredentialStore store, IAuditLog audit, TimeProvider time, CredentialKind kind)
    {
        var credential = (await store.ListAsync(kind, context.RequestAborted)).FirstOrDefault(c => c.Id == id && c.IsActive);
        if (credential is null || (!context.User.IsAdmin() && credential.User != context.User.Name()))
        {
            // Another member's credential is answered like a missing one: ids are not for probing.
            return TypedResults.NotFound();
        }

        if (!await store.RevokeAsync(id, context.RequestAborted))
        {
            return TypedResults.NotFound();
        }

        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), context.User.Name(), Action(kind, "revoke"), id, $"user={credential.User}"), context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static string Action(CredentialKind kind, string verb) => (kind == CredentialKind.ApiKey ? "key." : "token.") + verb;

    private static CredentialView View(Credential c) =>
        new(c.Id, c.User, c.Name, c.CreatedAt, c.RevokedAt, c.ExpiresAt, c.DefaultPriority, c.MaxPriority, c.RejectAboveMaxPriority, c.AllowedModels,
            c.RequestsPerMinute, c.TokensPerMinute);
}
