using LlMesh.Gateway.Tunnel;
using LlMesh.Tunnel.Protocol;

namespace LlMesh.Gateway.Tests.Tunnel;

public sealed class CapabilitiesLimitsTests
{
    private static readonly BackendCapabilities Backend = new("b0", Healthy: true, Slots: 4, [new ModelCapabilities("qwen3-8b.gguf", 32768)], Vision: false, Audio: false);

    [Fact]
    public void ARealMachinesCapabilities_AreTaken()
    {
        var capabilities = new AgentCapabilities("1.0", [Backend, Backend with { Id = "b1", Slots = 0 }]);

        Assert.Same(capabilities, CapabilitiesLimits.Check(capabilities));
    }

    public static TheoryData<string, AgentCapabilities> OverTheLimits => new()
    {
        { "backends", new AgentCapabilities("1.0", Enumerable.Repeat(Backend, CapabilitiesLimits.MaxBackends + 1).ToArray()) },
        { "slots", new AgentCapabilities("1.0", [Backend with { Slots = CapabilitiesLimits.MaxSlots + 1 }]) },
        { "negative slots", new AgentCapabilities("1.0", [Backend with { Slots = -1 }]) },
        { "models", new AgentCapabilities("1.0", [Backend with { Models = Enumerable.Range(0, CapabilitiesLimits.MaxModelsPerBackend + 1).Select(i => new ModelCapabilities($"m{i}", null)).ToArray() }]) },
        { "model name", new AgentCapabilities("1.0", [Backend with { Models = [new ModelCapabilities(new string('m', 257), null)] }]) },
        { "empty model name", new AgentCapabilities("1.0", [Backend with { Models = [new ModelCapabilities("", null)] }]) },
        { "backend id", new AgentCapabilities("1.0", [Backend with { Id = new string('b', 257) }]) },
        { "apis", new AgentCapabilities("1.0", [Backend with { Apis = Enumerable.Range(0, 17).Select(i => $"api{i}").ToArray() }]) },
        { "no backends list", new AgentCapabilities("1.0", null!) },
        { "no models list", new AgentCapabilities("1.0", [Backend with { Models = null! }]) },
    };

    [Theory]
    [MemberData(nameof(OverTheLimits))]
    public void CapabilitiesOverALimit_AreRefusedWhole(string what, AgentCapabilities capabilities)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => CapabilitiesLimits.Check(capabilities));
        Assert.False(string.IsNullOrEmpty(refused.Message), what);
    }
}
