using LlMesh.TunnelAgent.Tunnel;
using Microsoft.Extensions.Options;

namespace LlMesh.TunnelAgent.Tests.Tunnel;

public sealed class GatewayRotationTests
{
    [Fact]
    public void OneGateway_StaysOnItAfterFailures()
    {
        var rotation = Rotation("https://llm.example.com");

        rotation.Failed(rotation.Current);

        Assert.Equal(new Uri("wss://llm.example.com/_llmesh/tunnel"), rotation.Current);
    }

    [Fact]
    public void SeveralGateways_FailureMovesToTheNext_AndWrapsAround()
    {
        var rotation = Rotation("http://10.0.0.1:8080, http://10.0.0.2:8080");
        var first = rotation.Current;

        rotation.Failed(first);
        var second = rotation.Current;
        rotation.Failed(second);

        Assert.Equal(2, rotation.Count);
        Assert.Equal(new Uri("ws://10.0.0.1:8080/_llmesh/tunnel"), first);
        Assert.Equal(new Uri("ws://10.0.0.2:8080/_llmesh/tunnel"), second);
        Assert.Equal(first, rotation.Current);
    }

    [Fact]
    public void FailureOfAGatewayNoLongerInUse_DoesNotMoveOn()
    {
        // Two tunnels fail on the same gateway: the second report must not skip the next gateway.
        var rotation = Rotation("http://a:1,http://b:1,http://c:1");
        var failed = rotation.Current;

        rotation.Failed(failed);
        rotation.Failed(failed);

        Assert.Equal(new Uri("ws://b:1/_llmesh/tunnel"), rotation.Current);
    }

    [Theory]
    [InlineData("http://a:1,http://b:1", true)]
    [InlineData("http://a:1,not a url", false)]
    [InlineData(" , ", false)]
    public void Validator_AcceptsCommaSeparatedGatewayUrls(string gateways, bool valid)
    {
        var options = new AgentOptions { Gateway = gateways, Token = "ct-x" };
        options.Backends.Add(new LlMesh.TunnelAgent.Backends.BackendOptions { Url = "http://127.0.0.1:8080" });

        var result = new AgentOptionsValidator().Validate(options);

        Assert.Equal(valid, result.Errors.All(e => e.PropertyName != nameof(AgentOptions.Gateway)));
    }

    private static GatewayRotation Rotation(string gateways) => new(Options.Create(new AgentOptions { Gateway = gateways }));
}
