using FluentValidation;

namespace LlMesh.Gateway.Scheduling;

/// <summary>Queueing settings (section <c>LlMesh:Dispatch</c>).</summary>
public sealed class DispatchOptions
{
    public const string SectionName = "LlMesh:Dispatch";

    /// <summary>Longest a request waits for a free slot before it is refused with 503. Default 10 min.</summary>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromMinutes(10);
}

internal sealed class DispatchOptionsValidator : AbstractValidator<DispatchOptions>
{
    public DispatchOptionsValidator()
    {
        RuleFor(o => o.MaxQueueWait).InclusiveBetween(TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1));
    }
}
