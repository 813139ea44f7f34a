using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlMesh.Configuration.Memory;

/// <summary>
/// Gives heap memory back to the system when the process goes idle (no job running, see <see cref="IWorkInProgress"/>,
/// and next to no allocation; <see cref="IdleTrimPolicy"/>). The garbage collector keeps what a busy
/// spell touched (the allocation budget of every heap, freed regions) for the next one, and an idle process
/// runs no collection that would return it; a gateway or agent idles for hours next to a model that wants
/// the memory. Measured in docs/adr/0011-memory-and-runtime-settings.md.
/// </summary>
internal sealed class IdleMemoryTrimmer(
    IOptions<MemoryOptions> options,
    TimeProvider timeProvider,
    IEnumerable<IWorkInProgress> work,
    ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    private static readonly TimeSpan LongestCheckInterval = TimeSpan.FromSeconds(5);

    /// <summary>The reading (once per check) and the trim, replaceable in tests.</summary>
    internal Func<long> AllocatedBytes { get; init; } = () => GC.GetTotalAllocatedBytes();

    internal Action Trim { get; init; } = TrimHeap;

    /// <summary>Called after each check (tests wait on it).</summary>
    internal Action? Checked { get; init; }

    internal static TimeSpan CheckInterval(TimeSpan quietFor) =>
        TimeSpan.FromTicks(Math.Clamp(quietFor.Ticks / 4, TimeSpan.TicksPerMillisecond * 100, LongestCheckInterval.Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var quietFor = options.Value.IdleTrimAfter;
        if (quietFor <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(CheckInterval(quietFor), timeProvider);
        var started = timeProvider.GetTimestamp();
        var policy = new IdleTrimPolicy(quietFor, AllocatedBytes());
        var jobs = work.ToArray();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (policy.Observe(timeProvider.GetElapsedTime(started), AllocatedBytes(), jobs.Any(j => j.IsWorking)))
                {
                    var trimStarted = timeProvider.GetTimestamp();
                    Trim();
                    var took = timeProvider.GetElapsedTime(trimStarted);
                    policy.Trimmed();
                    if (logger.IsEnabled(LogLevel.Debug))
                    {
                        var committedKilobytes = GC.GetGCMemoryInfo().TotalCommittedBytes / 1024;
                        IdleTrimLog.Trimmed(logger, quietFor, took.TotalMilliseconds, committedKilobytes);
                    }
                }

                Checked?.Invoke();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // Aggressive: compacts every generation and decommits the free space, instead of keeping it for the next allocations.
    private static void TrimHeap() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
