using FluentValidation;

namespace LlMesh.Gateway.Provisioning;

/// <summary>
/// Credentials created (or kept) at start-up, for infrastructure-as-code and tests (section
/// <c>LlMesh:Bootstrap</c>), e.g. <c>LlMesh__Bootstrap__ApiKeys__0__Key=sk-…</c>.
/// </summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "LlMesh:Bootstrap";

    public List<BootstrapApiKey> ApiKeys { get; } = [];

    public List<BootstrapClientToken> ClientTokens { get; } = [];

    public List<BootstrapUser> Users { get; } = [];

    /// <summary>Aliases set at start-up (replacing one of the same name), e.g. <c>Aliases__0__Tiers__0__0=qwen-local</c>.</summary>
    public List<BootstrapAlias> Aliases { get; } = [];
}

public sealed class BootstrapUser
{
    public string Name { get; set; } = "";

    public bool SendIsolated { get; set; }

    public bool ReceiveIsolated { get; set; }
}

public sealed class BootstrapAlias
{
    public string Name { get; set; } = "";

    /// <summary>Preference tiers of model names, most preferred first.</summary>
    public List<List<string>> Tiers { get; } = [];
}

public sealed class BootstrapApiKey
{
    public string Key { get; set; } = "";

    public string User { get; set; } = "";

    public string? Name { get; set; }

    public LlMesh.State.Priority DefaultPriority { get; set; } = LlMesh.State.Priority.Normal;

    public LlMesh.State.Priority MaxPriority { get; set; } = LlMesh.State.Priority.Normal;

    public bool RejectAboveMaxPriority { get; set; }

    /// <summary>Requests per minute over all replicas; null: unlimited.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Prompt plus completion tokens per minute over all replicas; null: unlimited.</summary>
    public int? TokensPerMinute { get; set; }
}

public sealed class BootstrapClientToken
{
    public string Token { get; set; } = "";

    public string User { get; set; } = "";

    public string? Name { get; set; }
}

internal sealed class BootstrapOptionsValidator : AbstractValidator<BootstrapOptions>
{
    /// <summary>Shorter secrets are guessable on a public endpoint.</summary>
    public const int MinimumSecretLength = 16;

    public BootstrapOptionsValidator()
    {
        RuleForEach(o => o.ApiKeys).ChildRules(key =>
        {
            key.RuleFor(k => k.Key).NotEmpty().MinimumLength(MinimumSecretLength)
                .WithMessage($"must be at least {MinimumSecretLength} characters (use 'keys create' to generate one)");
            key.RuleFor(k => k.User).NotEmpty();
            key.RuleFor(k => k.DefaultPriority).Must((k, d) => d >= k.MaxPriority)
                .WithMessage("must not be above MaxPriority");
            key.RuleFor(k => k.RequestsPerMinute).GreaterThan(0).WithMessage("must be positive (leave it out for no limit)");
            key.RuleFor(k => k.TokensPerMinute).GreaterThan(0).WithMessage("must be positive (leave it out for no limit)");
        });
        RuleForEach(o => o.ClientTokens).ChildRules(token =>
        {
            token.RuleFor(t => t.Token).NotEmpty().MinimumLength(MinimumSecretLength)
                .WithMessage($"must be at least {MinimumSecretLength} characters (use 'tokens create' to generate one)");
            token.RuleFor(t => t.User).NotEmpty();
        });
        RuleForEach(o => o.Users).ChildRules(user => user.RuleFor(u => u.Name).NotEmpty());
        RuleForEach(o => o.Aliases).ChildRules(alias =>
        {
            alias.RuleFor(a => a.Name).NotEmpty();
            alias.RuleFor(a => a.Tiers).Must(t => t.Any(tier => tier.Any(m => !string.IsNullOrWhiteSpace(m))))
                .WithMessage("needs at least one tier with a model");
        });
    }
}
