using System.Security.Claims;
using System.Security.Cryptography;
using LlMesh.State.Accounts;

namespace LlMesh.Gateway.Admin;

/// <summary>The portal user behind a request: a name (the llmesh user) and whether they are an admin.</summary>
internal static class PortalPrincipal
{
    public static ClaimsPrincipal For(PortalAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [
                // The anti-forgery token is bound to this claim when there is one, else to all claims: a session
                // signed in again with a new stamp (its own new password) keeps the token the page holds.
                new Claim(ClaimTypes.NameIdentifier, account.Name),
                new Claim(ClaimTypes.Name, account.Name),
                new Claim(ClaimTypes.Role, RoleName(account.Role)),
                new Claim(AdminDefaults.SessionStampClaim, account.SessionStamp ?? ""),
            ],
            AdminDefaults.CookieScheme));
    }

    /// <summary>A new <see cref="PortalAccount.SessionStamp"/>: the account's sessions signed in before it end.</summary>
    public static string NewSessionStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Whether a local session still stands for <paramref name="account"/>: the account exists, has the session's
    /// role, and its sessions have not been ended since (a session from before stamps existed counts as none).
    /// </summary>
    public static bool IsCurrentFor(this ClaimsPrincipal session, PortalAccount? account) =>
        account is not null
        && session.IsInRole(RoleName(account.Role))
        && string.Equals(session.FindFirst(AdminDefaults.SessionStampClaim)?.Value ?? "", account.SessionStamp ?? "", StringComparison.Ordinal);

    /// <summary>A portal session for someone who signed in with Entra ID: no local account behind it, the role comes from the ID token.</summary>
    public static ClaimsPrincipal ForEntra(string name, string role) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), new Claim(AdminDefaults.SourceClaim, AdminDefaults.EntraSource)],
        AdminDefaults.CookieScheme));

    /// <summary>Whether a portal session came from Entra ID sign-in rather than a local account.</summary>
    public static bool IsEntraSession(this ClaimsPrincipal user) => user?.HasClaim(AdminDefaults.SourceClaim, AdminDefaults.EntraSource) == true;

    /// <summary>A portal session signed in with a local account's password (not Entra ID sign-in, not an Entra bearer token).</summary>
    public static bool IsLocalSession(this ClaimsPrincipal user) =>
        user?.Identity?.AuthenticationType == AdminDefaults.CookieScheme && !user.IsEntraSession();

    public static string RoleName(PortalRole role) => role == PortalRole.Admin ? AdminDefaults.AdminRole : AdminDefaults.MemberRole;

    /// <summary>The llmesh user: the session's name, or what <see cref="EntraClaimsMapping"/> derived from an Entra bearer token.</summary>
    public static string Name(this ClaimsPrincipal user) =>
        user?.FindFirst(ClaimTypes.Name)?.Value ?? throw new InvalidOperationException("The endpoint requires a signed-in user.");

    public static bool IsAdmin(this ClaimsPrincipal user) => user?.IsInRole(AdminDefaults.AdminRole) == true;
}
