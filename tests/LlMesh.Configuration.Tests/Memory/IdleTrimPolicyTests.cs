using LlMesh.Configuration.Memory;

namespace LlMesh.Configuration.Tests.Memory;

public class IdleTrimPolicyTests
{
    private const long MB = 1024 * 1024;
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(30);

    [Fact]
    public void Observe_TrimsOnceStartUpHasBeenFollowedByTheQuietTime()
    {
        var policy = new IdleTrimPolicy(QuietFor, Start, 0);

        Assert.False(policy.Observe(Start.AddSeconds(5), 20 * MB)); // start-up work
        Assert.False(policy.Observe(Start.AddSeconds(30), 20 * MB));
        Assert.True(policy.Observe(Start.AddSeconds(35), 20 * MB));
    }

    [Fact]
    public void Observe_WaitsWhileTheProcessAllocatesLikeAServer_AndTrimsWithinTheQuietTimeAfterward()
    {
        var policy = new IdleTrimPolicy(QuietFor, Start, 0);
        var allocated = 0L;
        for (var second = 5; second <= 600; second += 5)
        {
            allocated += 5 * (IdleTrimPolicy.IdleBytesPerSecond + 1);
            Assert.False(policy.Observe(Start.AddSeconds(second), allocated));
        }

        var trimmedAt = Enumerable.Range(1, 12).Select(i => 600 + (5 * i)).First(second => policy.Observe(Start.AddSeconds(second), allocated));
        Assert.InRange(trimmedAt, 605, 635);
    }

    [Fact]
    public void Observe_JudgesTheWholeQuietTime_NotTheBurstsInIt()
    {
        // A poll every few seconds allocates in bursts; over the quiet time it is little.
        var policy = new IdleTrimPolicy(TimeSpan.FromSeconds(1), Start, 0);
        Assert.False(policy.Observe(Start.AddMilliseconds(250), 10 * MB));
        var allocated = 10 * MB;
        var trims = 0;
        for (var ms = 500; ms <= 5000; ms += 250)
        {
            if (ms % 1000 == 0)
            {
                allocated += 100 * 1024; // 400 KB/s over this quarter second, 100 KB/s over the second
            }

            if (policy.Observe(Start.AddMilliseconds(ms), allocated))
            {
                trims++;
                policy.Trimmed(allocated);
            }
        }

        Assert.Equal(1, trims);
    }

    [Fact]
    public void Observe_CountsASlowTrickleAsQuiet()
    {
        // Keep-alive pings and discovery polls: far below the busy rate.
        var policy = new IdleTrimPolicy(QuietFor, Start, 0);
        Assert.False(policy.Observe(Start.AddSeconds(5), 8 * MB));
        var allocated = 8 * MB;
        var trimmed = false;
        for (var second = 10; second <= 40 && !trimmed; second += 5)
        {
            allocated += 64 * 1024;
            trimmed = policy.Observe(Start.AddSeconds(second), allocated);
        }

        Assert.True(trimmed);
    }

    [Fact]
    public void Observe_AfterATrim_WaitsForEnoughNewAllocation()
    {
        var policy = new IdleTrimPolicy(QuietFor, Start, 0);
        Assert.False(policy.Observe(Start.AddSeconds(5), 20 * MB));
        Assert.True(policy.Observe(Start.AddSeconds(40), 20 * MB));
        policy.Trimmed(20 * MB);

        // Hours of idling that allocate less than the minimum: nothing worth another full collection.
        Assert.False(policy.Observe(Start.AddHours(1), 20 * MB + IdleTrimPolicy.MinimumAllocatedSinceTrim - 1));
        Assert.True(policy.Observe(Start.AddHours(2), 20 * MB + IdleTrimPolicy.MinimumAllocatedSinceTrim));
    }

    [Fact]
    public void Observe_AfterATrim_TrimsAgainAfterTheNextBusySpellHasQuietenedDown()
    {
        var policy = new IdleTrimPolicy(QuietFor, Start, 0);
        Assert.False(policy.Observe(Start.AddSeconds(5), 20 * MB));
        Assert.True(policy.Observe(Start.AddSeconds(40), 20 * MB));
        policy.Trimmed(20 * MB);

        Assert.False(policy.Observe(Start.AddSeconds(45), 120 * MB)); // a burst of requests
        Assert.False(policy.Observe(Start.AddSeconds(70), 120 * MB));
        Assert.True(policy.Observe(Start.AddSeconds(75), 120 * MB));
    }

    [Fact]
    public void Observe_WithLessThanTheMinimumAllocated_NeverTrims()
    {
        var policy = new IdleTrimPolicy(QuietFor, Start, 0);
        Assert.False(policy.Observe(Start.AddSeconds(5), IdleTrimPolicy.MinimumAllocatedSinceTrim - 1));
        Assert.False(policy.Observe(Start.AddHours(5), IdleTrimPolicy.MinimumAllocatedSinceTrim - 1));
    }
}
