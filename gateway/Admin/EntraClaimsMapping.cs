using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Admin;

/// <summary>
/// Turns an Entra ID token's app roles (or groups) into the portal's roles, and its user name into the
/// llmesh user. A token with neither role is authenticated but may do nothing (403).
/// </summary>
internal sealed class EntraClaimsMapping(IOptionsMonitor<AdminOptions> options) : IClaimsTransformation
{
    public const string MappedAuthenticationType = "llmesh-entra-mapped";

    // Tokens' short claim names, and the long ones they become when inbound claims are mapped.
    private static readonly string[] TenantClaims = ["tid", "http://schemas.microsoft.com/identity/claims/tenantid"];
    private static readonly string[] RoleClaims = ["roles", ClaimTypes.Role];
    private static readonly string[] GroupClaims = ["groups"];
    private static readonly string[] NameClaims = ["preferred_username", "upn", ClaimTypes.Upn, "oid", "http://schemas.microsoft.com/identity/claims/objectidentifier"];

    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);

        // Only Entra tokens carry a tenant id; cookie sessions and API keys pass untouched, and a principal is mapped once.
        if (!principal.HasClaim(c => TenantClaims.Contains(c.Type))
            || principal.Identities.Any(i => i.AuthenticationType == MappedAuthenticationType))
        {
            return Task.FromResult(principal);
        }

        if (!TryMap(principal, options.CurrentValue, out var name, out var role))
        {
            return Task.FromResult(principal);
        }

        principal.AddIdentity(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], MappedAuthenticationType, ClaimTypes.Name, ClaimTypes.Role));
        return Task.FromResult(principal);
    }

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
