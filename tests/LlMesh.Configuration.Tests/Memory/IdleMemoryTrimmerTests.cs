using LlMesh.Configuration.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LlMesh.Configuration.Tests.Memory;

public class IdleMemoryTrimmerTests
{
    private const long MB = 1024 * 1024;

    [Fact]
    public async Task Trims_OnceTheProcessHasBeenQuiet_ThenWaitsForTheNextBusySpell()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        var allocated = 30 * MB;
        var trims = 0;
        using var trimmer = new IdleMemoryTrimmer(Options.Create(new MemoryOptions { IdleTrimAfter = TimeSpan.FromSeconds(30) }), clock, NullLogger<IdleMemoryTrimmer>.Instance)
        {
            AllocatedBytes = () => Interlocked.Read(ref allocated),
            Trim = () => Interlocked.Increment(ref trims),
        };
        await trimmer.StartAsync(CancellationToken.None);

        await AdvanceAsync(clock, TimeSpan.FromSeconds(30)); // start-up work seen at the first check, then quiet
        Assert.Equal(0, Volatile.Read(ref trims));
        await AdvanceAsync(clock, TimeSpan.FromSeconds(10));
        Assert.Equal(1, Volatile.Read(ref trims));

        await AdvanceAsync(clock, TimeSpan.FromMinutes(10));
        Assert.Equal(1, Volatile.Read(ref trims));

        Interlocked.Add(ref allocated, 100 * MB); // traffic
        await AdvanceAsync(clock, TimeSpan.FromSeconds(5));
        await AdvanceAsync(clock, TimeSpan.FromSeconds(40));
        Assert.Equal(2, Volatile.Read(ref trims));

        await trimmer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Zero_TurnsTheTrimOff()
    {
        var clock = new FakeTimeProvider();
        var trims = 0;
        using var trimmer = new IdleMemoryTrimmer(Options.Create(new MemoryOptions { IdleTrimAfter = TimeSpan.Zero }), clock, NullLogger<IdleMemoryTrimmer>.Instance)
        {
            AllocatedBytes = () => 100 * MB,
            Trim = () => Interlocked.Increment(ref trims),
        };
        await trimmer.StartAsync(CancellationToken.None);
        await AdvanceAsync(clock, TimeSpan.FromMinutes(5));
        await trimmer.StopAsync(CancellationToken.None);

        Assert.Equal(0, trims);
    }

    [Theory]
    [InlineData(30, 5000)]
    [InlineData(8, 2000)]
    [InlineData(0.2, 100)]
    public void CheckInterval_IsAQuarterOfTheQuietTime_BetweenATenthOfASecondAndFiveSeconds(double quietSeconds, int expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), IdleMemoryTrimmer.CheckInterval(TimeSpan.FromSeconds(quietSeconds)));

    /// <summary>Moves the clock a check at a time, letting the trimmer's loop run after each tick.</summary>
    private static async Task AdvanceAsync(FakeTimeProvider clock, TimeSpan by)
    {
        var step = TimeSpan.FromSeconds(5);
        for (var moved = TimeSpan.Zero; moved < by; moved += step)
        {
            clock.Advance(step);
            await Task.Delay(2);
        }
    }
}
