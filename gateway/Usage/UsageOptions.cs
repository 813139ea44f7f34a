using FluentValidation;

namespace LlMesh.Gateway.Usage;

/// <summary>Usage reporting (section <c>LlMesh:Usage</c>): how long usage is kept, and optional prices for the portal's cost view.</summary>
internal sealed class UsageOptions
{
    public const string SectionName = "LlMesh:Usage";

    /// <summary>
    /// Usage older than this is deleted, checked hourly: whole days of <c>usage-yyyy-MM-dd.jsonl</c> files, or
    /// the Redis stream's older entries. The default keeps more than the longest report (366 days).
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>
    /// With Redis, the most usage records the shared stream keeps (about 300 bytes of Redis memory each); the
    /// oldest go first once it is full, even within <see cref="Retention"/> (a warning says so). 0: no cap,
    /// only the retention time.
    /// </summary>
    public long MaxRedisEntries { get; set; } = 1_000_000;

    /// <summary>Price per million tokens by model, e.g. <c>Prices:0:Model=gpt-4o-mini</c>, <c>Prices:0:Prompt=0.15</c>, <c>Prices:0:Completion=0.6</c>.</summary>
    public List<ModelPrice> Prices { get; } = [];
}

internal sealed class ModelPrice
{
    public string Model { get; set; } = "";

    /// <summary>Per million prompt tokens.</summary>
    public decimal Prompt { get; set; }

    /// <summary>Per million completion tokens.</summary>
    public decimal Completion { get; set; }
}

internal sealed class UsageOptionsValidator : AbstractValidator<UsageOptions>
{
    public UsageOptionsValidator()
    {
        RuleFor(o => o.Retention).InclusiveBetween(TimeSpan.FromDays(1), TimeSpan.FromDays(36_500));
        RuleFor(o => o.MaxRedisEntries).GreaterThanOrEqualTo(0).WithMessage("must be 0 (no cap) or more.");
        RuleForEach(o => o.Prices).ChildRules(price =>
        {
            price.RuleFor(p => p.Model).NotEmpty();
            price.RuleFor(p => p.Prompt).GreaterThanOrEqualTo(0);
            price.RuleFor(p => p.Completion).GreaterThanOrEqualTo(0);
        });
    }
}
