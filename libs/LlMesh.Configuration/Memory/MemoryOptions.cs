using FluentValidation;

namespace LlMesh.Configuration.Memory;

/// <summary>How a process gives memory back while it is idle (<c>LlMesh:Memory</c> in the gateway, <c>Agent:Memory</c> in the agent).</summary>
public sealed class MemoryOptions
{
    /// <summary>Under the program's own section (<c>LlMesh</c>, <c>Agent</c>).</summary>
    public const string SubsectionName = "Memory";

    public static readonly TimeSpan DefaultIdleTrimAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After this long without work (the process allocating next to nothing), one full compacting garbage
    /// collection gives back the heap memory the last busy spell touched. <c>00:00:00</c> turns it off.
    /// </summary>
    public TimeSpan IdleTrimAfter { get; set; } = DefaultIdleTrimAfter;
}

internal sealed class MemoryOptionsValidator : AbstractValidator<MemoryOptions>
{
    public MemoryOptionsValidator()
    {
        RuleFor(o => o.IdleTrimAfter).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromHours(1))
            .WithMessage("must be between 00:00:00 (off) and 01:00:00.");
    }
}
