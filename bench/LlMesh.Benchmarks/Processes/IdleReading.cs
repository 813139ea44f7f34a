using LlMesh.Configuration.Memory;

namespace LlMesh.Benchmarks.Processes;

/// <summary>When freshly started processes have their idle memory read, counted from the agent being ready.</summary>
internal static class IdleReading
{
    /// <summary>Start-up work done, before gateway and agent have given anything back.</summary>
    public static readonly TimeSpan StartUp = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Past the idle trim (<see cref="MemoryOptions.DefaultIdleTrimAfter"/> without work, checked every 5 s), which
    /// returns the heap memory start-up touched: what a gateway or agent waiting for work holds.
    /// </summary>
    public static readonly TimeSpan Settled = MemoryOptions.DefaultIdleTrimAfter + TimeSpan.FromSeconds(10);
}
