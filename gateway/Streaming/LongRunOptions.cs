using FluentValidation;

namespace LlMesh.Gateway.Streaming;

/// <summary>Keep-alives and timeouts for long generations (section <c>LlMesh:LongRuns</c>).</summary>
public sealed class LongRunOptions
{
    public const string SectionName = "LlMesh:LongRuns";

    /// <summary>An SSE comment is sent when nothing else was written for this long. Default 15 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Streams: acceptance to first token, queue wait included. Default 10 min.</summary>
    public TimeSpan TimeToFirstToken { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Streams: longest silence from the backend once tokens flow. Default 5 min.</summary>
    public TimeSpan Activity { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Non-streaming requests: acceptance to complete answer. Default 30 min.</summary>
    public TimeSpan Batch { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often a job whose worker vanished before answering is queued again before it fails. Default 3.</summary>
    public int MaxRequeues { get; set; } = 3;
}

internal sealed class LongRunOptionsValidator : AbstractValidator<LongRunOptions>
{
    public LongRunOptionsValidator()
    {
        RuleFor(o => o.KeepAliveInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        RuleFor(o => o.TimeToFirstToken).GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(100));
        RuleFor(o => o.Activity).GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(100));
        RuleFor(o => o.Batch).GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(100));
        RuleFor(o => o.MaxRequeues).InclusiveBetween(0, 100);
    }
}
