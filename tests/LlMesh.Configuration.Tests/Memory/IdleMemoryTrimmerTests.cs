using LlMesh.Configuration.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LlMesh.Configuration.Tests.Memory;

public class IdleMemoryTrimmerTests
{
    private const long MB = 1024 * 1024;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Check = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Trims_OnceTheProcessHasBeenQuiet_ThenWaitsForTheNextBusySpell()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        var allocated = 30 * MB;
        var trims = 0;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var checks = new SemaphoreSlim(0);
        using var trimmer = new IdleMemoryTrimmer(Options.Create(new MemoryOptions { IdleTrimAfter = TimeSpan.FromSeconds(30) }), clock, [], NullLogger<IdleMemoryTrimmer>.Instance)
        {
            AllocatedBytes = () =>
            {
                started.TrySetResult();
                return Interlocked.Read(ref allocated);
            },
            Trim = () => Interlocked.Increment(ref trims),
            Checked = () => checks.Release(),
        };
        await trimmer.StartAsync(CancellationToken.None);
        await started.Task.WaitAsync(Wait); // the baseline reading: the loop and its timer are up

        Interlocked.Add(ref allocated, 10 * MB); // start-up work after the baseline
        await ChecksAsync(clock, checks, 6); // 30 s: the window still holds the work
        Assert.Equal(0, Volatile.Read(ref trims));
        await ChecksAsync(clock, checks, 1);
        Assert.Equal(1, Volatile.Read(ref trims));

        await ChecksAsync(clock, checks, 120); // ten idle minutes: nothing new to give back
        Assert.Equal(1, Volatile.Read(ref trims));

        Interlocked.Add(ref allocated, 100 * MB); // traffic
        await ChecksAsync(clock, checks, 6);
        Assert.Equal(1, Volatile.Read(ref trims));
        await ChecksAsync(clock, checks, 1);
        Assert.Equal(2, Volatile.Read(ref trims));

        await trimmer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task WaitsForTheQuietTimeAfterTheLastJob_HoweverLittleTheJobsAllocate()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        var job = new Job { IsWorking = true };
        var trims = 0;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var checks = new SemaphoreSlim(0);
        using var trimmer = new IdleMemoryTrimmer(Options.Create(new MemoryOptions { IdleTrimAfter = TimeSpan.FromSeconds(30) }), clock, [job], NullLogger<IdleMemoryTrimmer>.Instance)
        {
            AllocatedBytes = () =>
            {
                started.TrySetResult();
                return 50 * MB; // a slow stream: no allocation to speak of
            },
            Trim = () => Interlocked.Increment(ref trims),
            Checked = () => checks.Release(),
        };
        await trimmer.StartAsync(CancellationToken.None);
        await started.Task.WaitAsync(Wait);

        await ChecksAsync(clock, checks, 60);
        Assert.Equal(0, Volatile.Read(ref trims));

        job.IsWorking = false; // the last check that saw it was at 300 s
        await ChecksAsync(clock, checks, 5);
        Assert.Equal(0, Volatile.Read(ref trims));
        await ChecksAsync(clock, checks, 1);
        Assert.Equal(1, Volatile.Read(ref trims));

        await trimmer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Zero_TurnsTheTrimOff()
    {
        var readings = 0;
        using var trimmer = new IdleMemoryTrimmer(Options.Create(new MemoryOptions { IdleTrimAfter = TimeSpan.Zero }), new FakeTimeProvider(), [], NullLogger<IdleMemoryTrimmer>.Instance)
        {
            AllocatedBytes = () => Interlocked.Increment(ref readings),
            Trim = () => throw new InvalidOperationException("trimmed although off"),
        };
        await trimmer.StartAsync(CancellationToken.None);
        await trimmer.ExecuteTask!.WaitAsync(Wait);

        Assert.True(trimmer.ExecuteTask.IsCompletedSuccessfully);
        Assert.Equal(0, readings);
    }

    [Theory]
    [InlineData(30, 5000)]
    [InlineData(8, 2000)]
    [InlineData(0.2, 100)]
    public void CheckInterval_IsAQuarterOfTheQuietTime_BetweenATenthOfASecondAndFiveSeconds(double quietSeconds, int expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), IdleMemoryTrimmer.CheckInterval(TimeSpan.FromSeconds(quietSeconds)));

    /// <summary>Moves the clock one check interval at a time and waits for the trimmer to finish each check.</summary>
    private static async Task ChecksAsync(FakeTimeProvider clock, SemaphoreSlim checks, int count)
    {
        for (var i = 0; i < count; i++)
        {
            clock.Advance(Check);
            Assert.True(await checks.WaitAsync(Wait), "the trimmer made no check after a check interval");
        }
    }

    private sealed class Job : IWorkInProgress
    {
        private volatile bool _working;

        public bool IsWorking
        {
            get => _working;
            set => _working = value;
        }
    }
}
