using FluentValidation;

namespace LlMesh.Gateway.Admin;

/// <summary>
/// The app registration Entra ID tokens are checked against (section <c>AzureAd</c>, the names
/// Microsoft.Identity.Web uses). Entra is on when <see cref="ClientId"/> is set.
/// </summary>
internal sealed class EntraOptions
{
    public string Instance { get; set; } = EntraBearer.DefaultInstance;

    /// <summary>The directory (tenant) id or a verified domain of the tenant whose users may sign in.</summary>
    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The Application ID URI, when tokens carry it as their audience (v1.0 tokens).</summary>
    public string? Audience { get; set; }

    /// <summary>The tenant's v2.0 authority, e.g. <c>https://login.microsoftonline.com/{tenant}/v2.0</c>.</summary>
    public string Authority => $"{Instance.TrimEnd('/')}/{TenantId}/v2.0";
}

internal sealed class EntraOptionsValidator : AbstractValidator<EntraOptions>
{
    // Authorities that accept users of any tenant: with them anyone's tenant admin could grant themselves llmesh's app roles.
    private static readonly string[] AnyTenant = ["common", "organizations", "consumers"];

    public EntraOptionsValidator()
    {
        RuleFor(o => o.Instance).Must(i => Uri.TryCreate(i, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            .WithMessage("AzureAd:Instance must be an absolute URL, e.g. https://login.microsoftonline.com/.");
        RuleFor(o => o.TenantId).NotEmpty()
            .WithMessage("AzureAd:TenantId is required with AzureAd:ClientId: your tenant's id (or a verified domain of it).");
        RuleFor(o => o.TenantId).Must(t => !AnyTenant.Contains(t, StringComparer.OrdinalIgnoreCase))
            .When(o => !string.IsNullOrEmpty(o.TenantId))
            .WithMessage("AzureAd:TenantId must be your own tenant, not common, organizations or consumers: roles from any other tenant would be trusted.");
    }
}
