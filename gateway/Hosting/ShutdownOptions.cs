using FluentValidation;

namespace LlMesh.Gateway;

/// <summary>How a stopping gateway (SIGTERM, a rolling upgrade) treats running jobs (section <c>LlMesh:Shutdown</c>).</summary>
internal sealed class ShutdownOptions
{
    public const string SectionName = "LlMesh:Shutdown";

    /// <summary>
    /// How long running jobs may go on after a stop was asked for; then the remaining streams are cut.
    /// Queued jobs do not wait: they go to another replica that serves their model, or get 503 at once.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed class ShutdownOptionsValidator : AbstractValidator<ShutdownOptions>
{
    public ShutdownOptionsValidator() =>
        RuleFor(o => o.DrainTimeout).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromHours(2))
            .WithMessage("LlMesh:Shutdown:DrainTimeout must be between 0 and 2 hours.");
}
