using System.Security.Claims;

namespace LlMesh.Gateway.Admin;

/// <summary>
/// Turns an Entra ID token's app roles (or groups) into the portal's roles, and its user name into the
/// llmesh user: for bearer tokens (<see cref="EntraBearer"/>) and for portal sign-in (<see cref="EntraSignIn"/>).
/// </summary>
internal static class EntraClaimsMapping
{
    // Tokens' short claim names, and the long ones they become when inbound claims are mapped.
    private static readonly string[] RoleClaims = ["roles", ClaimTypes.Role];
    private static readonly string[] GroupClaims = ["groups"];
    private static readonly string[] NameClaims = ["preferred_username", "upn", ClaimTypes.Upn, "oid", "http://schemas.microsoft.com/identity/claims/objectidentifier"];

    /// <summary>
    /// The llmesh user and portal role an Entra token (access token or ID token) grants: its app roles or
    /// groups against <see cref="AdminOptions"/>, and its user name. False when it grants neither role.
    /// </summary>
    public static bool TryMap(ClaimsPrincipal principal, AdminOptions settings, out string name, out string role)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(settings);
        var roles = principal.Claims.Where(c => RoleClaims.Contains(c.Type)).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var groups = principal.Claims.Where(c => GroupClaims.Contains(c.Type)).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        role =
            roles.Contains(settings.EntraAdminRole) || settings.EntraAdminGroups.Any(groups.Contains) ? AdminDefaults.AdminRole
            : roles.Contains(settings.EntraMemberRole) || settings.EntraMemberGroups.Any(groups.Contains) ? AdminDefaults.MemberRole
            : "";
        name = NameClaims.Select(type => principal.FindFirst(type)?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? "";
        return role.Length > 0 && name.Length > 0;
    }
}
