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
}

internal sealed class AdminOptionsValidator : AbstractValidator<AdminOptions>
{
    public AdminOptionsValidator()
    {
        RuleFor(o => o.SessionLifetime).InclusiveBetween(TimeSpan.FromMinutes(5), TimeSpan.FromDays(30));
        RuleFor(o => o.LoginAttemptsPerMinute).InclusiveBetween(1, 1000);
    }
}
