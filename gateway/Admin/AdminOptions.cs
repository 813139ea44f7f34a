using FluentValidation;

namespace LlMesh.Gateway.Admin;

/// <summary>Portal and admin API settings (section <c>LlMesh:Admin</c>).</summary>
internal sealed class AdminOptions
{
    public const string SectionName = "LlMesh:Admin";

    /// <summary>How long a portal session lasts without activity.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Login and setup attempts allowed per client address per minute.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 5;

    /// <summary>Entra ID app role (the token's <c>roles</c> claim) that makes a caller an admin.</summary>
    public string EntraAdminRole { get; set; } = "llmesh.admin";

    /// <summary>Entra ID app role that makes a caller a member.</summary>
    public string EntraMemberRole { get; set; } = "llmesh.member";

    /// <summary>Entra group object ids (the <c>groups</c> claim) whose members are admins, for tenants that use groups instead of app roles.</summary>
    public List<string> EntraAdminGroups { get; } = [];

    /// <summary>Entra group object ids whose members are members.</summary>
    public List<string> EntraMemberGroups { get; } = [];

    /// <summary>How long revoked and expired keys and tokens stay listed before they are deleted (the audit log keeps their story).</summary>
    public TimeSpan EndedCredentialRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Active API keys (and, apart, client tokens) one user may hold.</summary>
    public int MaxActiveCredentialsPerUser { get; set; } = 100;

    /// <summary>Only for tests with a local token issuer: fetch the issuer's metadata over plain HTTP.</summary>
    public bool EntraAllowHttpMetadata { get; set; }
}

internal sealed class AdminOptionsValidator : AbstractValidator<AdminOptions>
{
    public AdminOptionsValidator()
    {
        RuleFor(o => o.SessionLifetime).InclusiveBetween(TimeSpan.FromMinutes(5), TimeSpan.FromDays(30));
        RuleFor(o => o.LoginAttemptsPerMinute).InclusiveBetween(1, 1000);
        RuleFor(o => o.EndedCredentialRetention).InclusiveBetween(TimeSpan.FromHours(1), TimeSpan.FromDays(3650));
        RuleFor(o => o.MaxActiveCredentialsPerUser).InclusiveBetween(1, 100_000);
        RuleFor(o => o.EntraAdminRole).NotEmpty();
        RuleFor(o => o.EntraMemberRole).NotEmpty();
    }
}
