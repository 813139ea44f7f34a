using FluentValidation;

namespace LlMesh.Gateway.Scheduling;

/// <summary>Queueing settings (section <c>LlMesh:Dispatch</c>).</summary>
public sealed class DispatchOptions
{
    public const string SectionName = "LlMesh:Dispatch";

    /// <summary>Longest a request waits for a free slot before it is refused with 503. Default 10 min.</summary>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most requests waiting for one model or alias; more get 429 with Retry-After. Default 1000.</summary>
    public int MaxQueueDepth { get; set; } = 1000;

    /// <summary>Send a conversation's next turn to the worker that served it, when that worker is free. Default on.</summary>
    public bool PrefixAffinity { get; set; } = true;

    /// <summary>How many conversations the prefix affinity remembers. Default 10000.</summary>
    public int PrefixAffinityCapacity { get; set; } = 10_000;
}

internal sealed class DispatchOptionsValidator : AbstractValidator<DispatchOptions>
{
    public DispatchOptionsValidator()
    {
        RuleFor(o => o.MaxQueueWait).InclusiveBetween(TimeSpan.FromMilliseconds(10), TimeSpan.FromDays(1));
        RuleFor(o => o.MaxQueueDepth).InclusiveBetween(1, 1_000_000);
        RuleFor(o => o.PrefixAffinityCapacity).InclusiveBetween(1, 10_000_000);
    }
}
