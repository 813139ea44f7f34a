using System.Diagnostics;
using LlMesh.Benchmarks.Processes;

namespace LlMesh.Benchmarks.Measurement;

/// <summary>
/// Before a round, waits (a bounded time) until processes outside the benchmark stop using the CPU,
/// so a build or test run on the same small machine does not land inside a measurement.
/// </summary>
internal sealed class QuietGate(TimeSpan maxWaitPerRound, TimeSpan maxWaitTotal)
{
    private const double QuietCores = 0.2;
    private static readonly TimeSpan Probe = TimeSpan.FromMilliseconds(300);

    public TimeSpan Waited { get; private set; }

    public int RoundsDelayed { get; private set; }

    /// <param name="benchmarkProcessIds">The benchmark's own processes; everything else counts as someone else.</param>
    public async Task WaitAsync(IReadOnlyList<int> benchmarkProcessIds, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < maxWaitPerRound && Waited + started.Elapsed < maxWaitTotal)
        {
            var before = ResourceSnapshot.Take(benchmarkProcessIds);
            await Task.Delay(Probe, cancellationToken);
            var after = ResourceSnapshot.Take(benchmarkProcessIds);
            var others = after.MachineBusyCoresSince(before) - (after.CpuSecondsSince(before, benchmarkProcessIds) / Probe.TotalSeconds);
            if (others < QuietCores)
            {
                break;
            }
        }

        // A round that went ahead at once still paid one probe; only real waiting counts.
        if (started.Elapsed > Probe * 2)
        {
            RoundsDelayed++;
            Waited += started.Elapsed;
        }
    }
}
