using LlMesh.Benchmarks.Load;

namespace LlMesh.Benchmarks.Measurement;

/// <summary>One mode at one concurrency, with the request cap of its rounds (the time cap is global).</summary>
internal sealed record Scenario(RequestShape Shape, int Concurrency, int MaxRequests)
{
    public string Title => $"{Shape.Description}, concurrency {Concurrency}";

    /// <summary>
    /// Caps sized so that on a 2-core machine a round of the fastest path (direct) ends by count after
    /// roughly 1.5–2.5 s and slower paths by time: enough requests for a p99, and enough CPU clock
    /// ticks (10 ms each) for a per-request CPU figure, without letting one scenario eat the run.
    /// </summary>
    public static Scenario For(RequestShape shape, int concurrency)
    {
        var cap = (shape.Tokens >= 256, concurrency) switch
        {
            (false, 1) => 10_000,
            (false, <= 10) => 30_000,
            (false, _) => 40_000,
            (true, 1) => 4_000,
            (true, <= 10) => 8_000,
            (true, _) => 10_000,
        };
        return new Scenario(shape, concurrency, cap);
    }
}
