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

        var settings = options.CurrentValue;
        var roles = principal.Claims.Where(c => RoleClaims.Contains(c.Type)).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var groups = principal.Claims.Where(c => GroupClaims.Contains(c.Type)).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string? role =
            roles.Contains(settings.EntraAdminRole) || settings.EntraAdminGroups.Any(groups.Contains) ? AdminDefaults.AdminRole
            : roles.Contains(settings.EntraMemberRole) || settings.EntraMemberGroups.Any(groups.Contains) ? AdminDefaults.MemberRole
            : null;
        var name = NameClaims.Select(type => principal.FindFirst(type)?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (role is null || string.IsNullOrEmpty(name))
        {
            return Task.FromResult(principal);
        }

        principal.AddIdentity(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], MappedAuthenticationType, ClaimTypes.Name, ClaimTypes.Role));
        return Task.FromResult(principal);
    }
}
