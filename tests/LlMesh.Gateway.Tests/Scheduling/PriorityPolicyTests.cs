using LlMesh.Gateway.Scheduling;
using LlMesh.State;
using LlMesh.State.Credentials;

namespace LlMesh.Gateway.Tests.Scheduling;

public sealed class PriorityPolicyTests
{
    [Theory]
    [InlineData(Priority.Low, Priority.Normal)]
    [InlineData(Priority.Normal, Priority.Normal)]
    [InlineData(Priority.High, Priority.High)]
    [InlineData(Priority.Low, Priority.High)]
    public void TryApply_NoneRequested_UsesTheKeysDefault(Priority byDefault, Priority max)
    {
        var key = Key(byDefault, max);

        Assert.True(PriorityPolicy.TryApply(key, requested: null, out var priority));
        Assert.Equal(byDefault, priority);
    }

    [Theory]
    [InlineData(Priority.Low, Priority.Low)]
    [InlineData(Priority.Low, Priority.Normal)]
    [InlineData(Priority.Normal, Priority.Normal)]
    [InlineData(Priority.Low, Priority.High)]
    [InlineData(Priority.High, Priority.High)]
    public void TryApply_RequestAtOrBelowCeiling_IsKept(Priority requested, Priority max)
    {
        Assert.True(PriorityPolicy.TryApply(Key(Priority.Low, max), requested, out var priority));
        Assert.Equal(requested, priority);
    }

    [Theory]
    [InlineData(Priority.High, Priority.Normal)]
    [InlineData(Priority.High, Priority.Low)]
    [InlineData(Priority.Normal, Priority.Low)]
    public void TryApply_RequestAboveCeiling_IsLoweredToTheCeiling(Priority requested, Priority max)
    {
        Assert.True(PriorityPolicy.TryApply(Key(Priority.Low, max), requested, out var priority));
        Assert.Equal(max, priority);
    }

    [Theory]
    [InlineData(Priority.High, Priority.Normal)]
    [InlineData(Priority.Normal, Priority.Low)]
    public void TryApply_RequestAboveCeiling_IsRefusedWhenTheKeyRejects(Priority requested, Priority max)
    {
        var key = Key(Priority.Low, max) with { RejectAboveMaxPriority = true };

        Assert.False(PriorityPolicy.TryApply(key, requested, out _));
    }

    [Fact]
    public void TryApply_RequestAtCeiling_IsKeptWhenTheKeyRejects()
    {
        var key = Key(Priority.Low, Priority.Normal) with { RejectAboveMaxPriority = true };

        Assert.True(PriorityPolicy.TryApply(key, Priority.Normal, out var priority));
        Assert.Equal(Priority.Normal, priority);
    }

    [Fact]
    public void TryApply_DefaultAboveCeiling_IsLoweredToTheCeiling()
    {
        var key = Key(Priority.High, Priority.Normal);

        Assert.True(PriorityPolicy.TryApply(key, requested: null, out var priority));
        Assert.Equal(Priority.Normal, priority);
    }

    [Fact]
    public void TryApply_NoneRequestedAndDefaultAboveCeiling_IsLoweredNotRefused_EvenWhenTheKeyRejects()
    {
        // Bootstrap configuration does not stop Default above Max; a request that asked for nothing must not be refused.
        var key = Key(Priority.High, Priority.Normal) with { RejectAboveMaxPriority = true };

        Assert.True(PriorityPolicy.TryApply(key, requested: null, out var priority));
        Assert.Equal(Priority.Normal, priority);
    }

    private static Credential Key(Priority byDefault, Priority max) =>
        new("key_000000000001", CredentialKind.ApiKey, "alice", null, "hash", DateTimeOffset.UnixEpoch)
        {
            DefaultPriority = byDefault,
            MaxPriority = max,
        };
}
