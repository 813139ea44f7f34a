using LlMesh.Benchmarks.Load;

namespace LlMesh.Benchmarks.Measurement;

/// <summary>One mode at one concurrency, with the request cap of its rounds (the time cap is global).</summary>
internal sealed record Scenario(RequestShape Shape, int Concurrency, int MaxRequests)
{
    public string Title => $"{Shape.Description}, concurrency {Concurrency}";

    /// <summary>
    /// Caps sized so that, on a 2-core machine, a round ends by count for fast paths and by time for slow
    /// ones: enough requests for a p99 without letting one scenario eat the run.
    /// </summary>
    public static Scenario For(RequestShape shape, int concurrency)
    {
        var perCaller = shape.Tokens >= 256 ? 150 : 1500;
        var cap = concurrency switch
        {
            1 => perCaller,
            <= 10 => perCaller * 4,
            _ => perCaller * 8,
        };
        return new Scenario(shape, concurrency, cap);
    }
}
