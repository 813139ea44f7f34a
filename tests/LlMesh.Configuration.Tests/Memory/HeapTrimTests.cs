using LlMesh.Configuration.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlMesh.Configuration.Tests.Memory;

/// <summary>The real trim, on this test process's own heap.</summary>
[Collection(nameof(HeapTrimTests))]
[CollectionDefinition(nameof(HeapTrimTests), DisableParallelization = true)]
public class HeapTrimTests
{
    [Fact]
    public void Trim_GivesBackTheMemoryOfObjectsThatDied()
    {
        using var trimmer = new IdleMemoryTrimmer(Options.Create(new MemoryOptions()), TimeProvider.System, [], NullLogger<IdleMemoryTrimmer>.Instance);
        trimmer.Trim();
        var baseline = GC.GetGCMemoryInfo().TotalCommittedBytes;

        Churn();
        GC.Collect(); // an ordinary full collection frees the objects but keeps most of the memory for later
        var afterChurn = GC.GetGCMemoryInfo().TotalCommittedBytes;
        trimmer.Trim();
        var afterTrim = GC.GetGCMemoryInfo().TotalCommittedBytes;

        Assert.True(afterChurn > baseline + (32 * 1024 * 1024), $"churn left {afterChurn - baseline} bytes committed");
        Assert.True(afterTrim < baseline + (8 * 1024 * 1024), $"baseline {baseline}, after churn {afterChurn}, after trim {afterTrim}");
    }

    // 128 MB of small objects that live long enough to reach generation 2, then die together.
    private static void Churn()
    {
        var keep = new List<byte[]>();
        for (var i = 0; i < 128 * 1024; i++)
        {
            keep.Add(new byte[1000]);
        }

        GC.Collect();
        GC.KeepAlive(keep);
    }
}
