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
        var allocated = 30 * MB;
        await using var run = await TrimmerRun.StartAsync(() => Interlocked.Read(ref allocated), []);

        Interlocked.Add(ref allocated, 10 * MB); // start-up work after the baseline
        await run.ChecksAsync(6); // 30 s: the window still holds the work
        Assert.Equal(0, run.Trims);
        await run.ChecksAsync(1);
        Assert.Equal(1, run.Trims);

        await run.ChecksAsync(120); // ten idle minutes: nothing new to give back
        Assert.Equal(1, run.Trims);

        Interlocked.Add(ref allocated, 100 * MB); // traffic
        await run.ChecksAsync(6);
        Assert.Equal(1, run.Trims);
        await run.ChecksAsync(1);
        Assert.Equal(2, run.Trims);
    }

    [Fact]
    public async Task WaitsForTheQuietTimeAfterTheLastJob_HoweverLittleTheJobsAllocate()
    {
        var job = new Job { IsWorking = true };
        await using var run = await TrimmerRun.StartAsync(() => 50 * MB, [job]); // a slow stream: no allocation to speak of

        await run.ChecksAsync(60);
        Assert.Equal(0, run.Trims);

        job.IsWorking = false; // the last check that saw it was at 300 s
        await run.ChecksAsync(5);
        Assert.Equal(0, run.Trims);
        await run.ChecksAsync(1);
        Assert.Equal(1, run.Trims);
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

    /// <summary>A trimmer with a 30 s quiet time on a fake clock, started and past its baseline reading.</summary>
    private sealed class TrimmerRun : IAsyncDisposable
    {
        private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        private readonly SemaphoreSlim _checks = new(0);
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly IdleMemoryTrimmer _trimmer;
        private int _trims;

        private TrimmerRun(Func<long> allocated, IWorkInProgress[] work) =>
            _trimmer = new IdleMemoryTrimmer(Options.Create(new MemoryOptions { IdleTrimAfter = TimeSpan.FromSeconds(30) }), _clock, work, NullLogger<IdleMemoryTrimmer>.Instance)
            {
                AllocatedBytes = () =>
                {
                    _started.TrySetResult();
                    return allocated();
                },
                Trim = () => Interlocked.Increment(ref _trims),
                Checked = () => _checks.Release(),
            };

        public int Trims => Volatile.Read(ref _trims);

        public static async Task<TrimmerRun> StartAsync(Func<long> allocated, IWorkInProgress[] work)
        {
            var run = new TrimmerRun(allocated, work);
            await run._trimmer.StartAsync(CancellationToken.None);
            await run._started.Task.WaitAsync(Wait); // the baseline reading: the loop and its timer are up
            return run;
        }

        /// <summary>Moves the clock one check interval at a time and waits for the trimmer to finish each check.</summary>
        public async Task ChecksAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                _clock.Advance(Check);
                Assert.True(await _checks.WaitAsync(Wait), "the trimmer made no check after a check interval");
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _trimmer.StopAsync(CancellationToken.None);
            _trimmer.Dispose();
            _checks.Dispose();
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
