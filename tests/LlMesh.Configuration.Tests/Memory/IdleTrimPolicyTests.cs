using LlMesh.Configuration.Memory;

namespace LlMesh.Configuration.Tests.Memory;

public class IdleTrimPolicyTests
{
    private const long MB = 1024 * 1024;
    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(30);

    [Fact]
    public void Observe_TrimsOnceTheProcessHasBeenQuietForTheWholeQuietTime()
    {
        var policy = new IdleTrimPolicy(QuietFor, 0);

        Assert.False(policy.Observe(Seconds(5), 20 * MB)); // start-up work
        Assert.False(policy.Observe(Seconds(30), 20 * MB));
        Assert.True(policy.Observe(Seconds(35), 20 * MB));
    }

    [Fact]
    public void Observe_WaitsWhileTheProcessAllocatesLikeAServer_AndTrimsWithinTheQuietTimeAfterward()
    {
        var policy = new IdleTrimPolicy(QuietFor, 0);
        var allocated = 0L;
        for (var second = 5; second <= 600; second += 5)
        {
            allocated += 5 * (IdleTrimPolicy.IdleBytesPerSecond + 1);
            Assert.False(policy.Observe(Seconds(second), allocated));
        }

        var trimmedAt = Enumerable.Range(1, 12).Select(i => 600 + (5 * i)).First(second => policy.Observe(Seconds(second), allocated));
        Assert.InRange(trimmedAt, 605, 635);
    }

    [Fact]
    public void Observe_JudgesTheWholeQuietTime_NotTheBurstsInIt()
    {
        // A poll every second allocates in bursts: 160 KB/s over its quarter second, 40 KB/s over the second.
        var policy = new IdleTrimPolicy(TimeSpan.FromSeconds(1), 0);
        Assert.False(policy.Observe(TimeSpan.FromMilliseconds(250), 10 * MB));
        var allocated = 10 * MB;
        var trims = 0;
        for (var ms = 500; ms <= 5000; ms += 250)
        {
            if (ms % 1000 == 0)
            {
                allocated += 40 * 1024;
            }

            if (policy.Observe(TimeSpan.FromMilliseconds(ms), allocated))
            {
                trims++;
                policy.Trimmed();
            }
        }

        Assert.Equal(1, trims);
    }

    [Fact]
    public void Observe_AfterATrim_WaitsForEnoughNewAllocation()
    {
        var policy = new IdleTrimPolicy(QuietFor, 0);
        Assert.False(policy.Observe(Seconds(5), 20 * MB));
        Assert.True(policy.Observe(Seconds(40), 20 * MB));
        policy.Trimmed();

        // Hours of idling that allocate less than the minimum: nothing worth another full collection.
        Assert.False(policy.Observe(TimeSpan.FromHours(1), 20 * MB + IdleTrimPolicy.MinimumAllocatedSinceTrim - 1));
        Assert.True(policy.Observe(TimeSpan.FromHours(2), 20 * MB + IdleTrimPolicy.MinimumAllocatedSinceTrim));
    }

    [Fact]
    public void Observe_AfterATrim_WaitsAWholeQuietTime_EvenUnderLightLoad()
    {
        // A trickle of requests below the idle rate: at most one trim per quiet time, not one per megabyte.
        var policy = new IdleTrimPolicy(QuietFor, 0);
        var allocated = 0L;
        var trims = new List<int>();
        for (var second = 5; second <= 300; second += 5)
        {
            allocated += 5 * (IdleTrimPolicy.IdleBytesPerSecond - 1024);
            if (policy.Observe(Seconds(second), allocated))
            {
                trims.Add(second);
                policy.Trimmed();
            }
        }

        Assert.NotEmpty(trims);
        Assert.All(trims.Zip(trims.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 30, $"{pair.First} → {pair.Second}"));
    }

    [Fact]
    public void Observe_AfterATrim_TrimsAgainAfterTheNextBusySpellHasQuietenedDown()
    {
        var policy = new IdleTrimPolicy(QuietFor, 0);
        Assert.False(policy.Observe(Seconds(5), 20 * MB));
        Assert.True(policy.Observe(Seconds(40), 20 * MB));
        policy.Trimmed();

        Assert.False(policy.Observe(Seconds(45), 120 * MB)); // a burst of requests
        Assert.False(policy.Observe(Seconds(70), 120 * MB));
        Assert.True(policy.Observe(Seconds(75), 120 * MB));
    }

    [Fact]
    public void Observe_WhileAJobRuns_NeverTrims_AndCountsTheQuietTimeFromItsEnd()
    {
        var policy = new IdleTrimPolicy(QuietFor, 0);
        for (var second = 5; second <= 300; second += 5)
        {
            Assert.False(policy.Observe(Seconds(second), 20 * MB, working: true));
        }

        Assert.False(policy.Observe(Seconds(325), 20 * MB));
        Assert.True(policy.Observe(Seconds(330), 20 * MB)); // the quiet time from the last check that saw the job
    }

    [Fact]
    public void Observe_WithLessThanTheMinimumAllocated_NeverTrims()
    {
        var policy = new IdleTrimPolicy(QuietFor, 0);
        Assert.False(policy.Observe(Seconds(5), IdleTrimPolicy.MinimumAllocatedSinceTrim - 1));
        Assert.False(policy.Observe(TimeSpan.FromHours(5), IdleTrimPolicy.MinimumAllocatedSinceTrim - 1));
    }

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);
}
