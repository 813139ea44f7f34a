using LlMesh.State.RateLimits;

namespace LlMesh.State.Tests.RateLimits;

public sealed class InMemoryRateLimitCounterTests : RateLimitCounterContract
{
    private InMemoryRateLimitCounter? _counter;

    /// <summary>One gateway, one set of counts: every call answers the same counter.</summary>
    protected override Task<IRateLimitCounter> NewCounterAsync() =>
        Task.FromResult<IRateLimitCounter>(_counter ??= new InMemoryRateLimitCounter(Clock));
}
