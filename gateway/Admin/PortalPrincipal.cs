using System.Security.Claims;
using LlMesh.State.Accounts;

namespace LlMesh.Gateway.Admin;

/// <summary>The portal user behind a request: a name (the llmesh user) and whether they are an admin.</summary>
internal static class PortalPrincipal
{
    public static ClaimsPrincipal For(PortalAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, account.Name), new Claim(ClaimTypes.Role, RoleName(account.Role))],
            AdminDefaults.CookieScheme));
    }

    /// <summary>A portal session for someone who signed in with Entra ID: no local account behind it, the role comes from the ID token.</summary>
    public static ClaimsPrincipal ForEntra(string name, string role) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), new Claim(AdminDefaults.SourceClaim, AdminDefaults.EntraSource)],
        AdminDefaults.CookieScheme));

    /// <summary>Whether a portal session came from Entra ID sign-in rather than a local account.</summary>
    public static bool IsEntraSession(this ClaimsPrincipal user) => user?.HasClaim(AdminDefaults.SourceClaim, AdminDefaults.EntraSource) == true;

    public static string RoleName(PortalRole role) => role == PortalRole.Admin ? AdminDefaults.AdminRole : AdminDefaults.MemberRole;

    /// <summary>The llmesh user: the session's name, or what <see cref="EntraClaimsMapping"/> derived from an Entra bearer token.</summary>
    public static string Name(this ClaimsPrincipal user) =>
        user?.FindFirst(ClaimTypes.Name)?.Value ?? throw new InvalidOperationException("The endpoint requires a signed-in user.");

    public static bool IsAdmin(this ClaimsPrincipal user) => user?.IsInRole(AdminDefaults.AdminRole) == true;
}
