using LlMesh.Tunnel.Protocol;
using LlMesh.TunnelAgent.Backends;

namespace LlMesh.TunnelAgent.Tests.Backends;

public sealed class BackendTests
{
    private static readonly BackendCapabilities Healthy = new("b0", Healthy: true, Slots: 2, Models: [new ModelCapabilities("m.gguf", null)], Vision: false, Audio: false);

    [Fact]
    public void ARoundThatStartedBeforeAJobFoundTheBackendDown_DoesNotMarkItHealthyAgain()
    {
        var backend = new Backend("b0", new BackendOptions { Url = "http://127.0.0.1:1" });
        Assert.True(backend.TryTakeDiscovered(Healthy, backend.Failures));

        var failuresAtStart = backend.Failures;
        backend.MarkUnreachable();

        Assert.False(backend.TryTakeDiscovered(Healthy, failuresAtStart));
        Assert.False(backend.Capabilities.Healthy);
        Assert.Equal(2, backend.Capabilities.Slots);
    }

    [Fact]
    public void ARoundThatStartedAfterTheFailure_OrFoundItDownToo_IsTaken()
    {
        var backend = new Backend("b0", new BackendOptions { Url = "http://127.0.0.1:1" });
        var failuresAtStart = backend.Failures;
        backend.MarkUnreachable();

        Assert.True(backend.TryTakeDiscovered(Healthy with { Healthy = false }, failuresAtStart));
        Assert.True(backend.TryTakeDiscovered(Healthy, backend.Failures));
        Assert.True(backend.Capabilities.Healthy);
    }
}
