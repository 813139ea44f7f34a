using LlMesh.TunnelAgent.Hosting;
using Microsoft.Extensions.Configuration;

namespace LlMesh.TunnelAgent.Tests.Hosting;

public sealed class AgentCommandLineTests
{
    [Fact]
    public void ToConfigurationArgs_GatewayTokenNameTunnels_MapToAgentKeys()
    {
        var args = Map("--gateway", "https://gw.example.com", "--token", "ct-abc", "--name", "rig-1", "--tunnels", "3");

        Assert.Equal(
            ["--Agent:Gateway=https://gw.example.com", "--Agent:Token=ct-abc", "--Agent:Name=rig-1", "--Agent:Tunnels=3"],
            args);
    }

    [Fact]
    public void ToConfigurationArgs_TokenFile_MapsToAgentKey()
    {
        Assert.Equal(["--Agent:TokenFile=/run/secrets/llmesh-token"], Map("--token-file", "/run/secrets/llmesh-token"));
    }

    [Fact]
    public void ToConfigurationArgs_RepeatedBackend_MapsToIndexedUrls()
    {
        var args = Map("--backend", "http://127.0.0.1:8081", "--backend", "http://127.0.0.1:8082");

        Assert.Equal(["--Agent:Backends:0:Url=http://127.0.0.1:8081", "--Agent:Backends:1:Url=http://127.0.0.1:8082"], args);
    }

    [Fact]
    public void ToConfigurationArgs_BackendKeys_MapByPosition()
    {
        var args = Map("--backend", "http://a", "--backend", "https://b", "--backend-key", "k0", "--backend-key", "k1");

        Assert.Contains("--Agent:Backends:0:ApiKey=k0", args);
        Assert.Contains("--Agent:Backends:1:ApiKey=k1", args);
    }

    [Fact]
    public void ToConfigurationArgs_ModelsAndSlots_ApplyToFirstBackend()
    {
        var args = Map("--backend", "http://a", "--model", "m1", "--model", "m2", "--slots", "4");

        Assert.Equal(
            ["--Agent:Backends:0:Url=http://a", "--Agent:Backends:0:Models:0=m1", "--Agent:Backends:0:Models:1=m2", "--Agent:Backends:0:Slots=4"],
            args);
    }

    [Fact]
    public void ToConfigurationArgs_NoOptions_YieldsNothing()
    {
        Assert.Empty(Map());
    }

    [Fact]
    public void ToConfigurationArgs_BindToAgentOptions()
    {
        var args = Map(
            "--gateway", "https://gw.example.com", "--token", "ct-abc", "--backend", "http://a", "--backend", "http://b",
            "--backend-key", "k0", "--model", "m1", "--slots", "8", "--tunnels", "2", "--name", "rig-1");

        var options = new ConfigurationBuilder().AddCommandLine(args.ToArray()).Build()
            .GetSection(AgentOptions.SectionName).Get<AgentOptions>()!;

        Assert.Equal("https://gw.example.com", options.Gateway);
        Assert.Equal("ct-abc", options.Token);
        Assert.Equal("rig-1", options.Name);
        Assert.Equal(2, options.Tunnels);
        Assert.Equal(["http://a", "http://b"], options.Backends.Select(b => b.Url));
        Assert.Equal("k0", options.Backends[0].ApiKey);
        Assert.Null(options.Backends[1].ApiKey);
        Assert.Equal(["m1"], options.Backends[0].Models);
        Assert.Equal(8, options.Backends[0].Slots);
    }

    [Fact]
    public async Task Invoke_UnknownTokens_AreLeftForTheHostBeforeMappedOptions()
    {
        string[]? received = null;
        var root = AgentCommandLine.Create(args =>
        {
            received = args;
            return Task.FromResult(0);
        });

        var exit = await root.Parse(["--Logging:LogLevel:Default=Debug", "--gateway", "http://gw", "--urls", "http://x"]).InvokeAsync();

        Assert.Equal(0, exit);
        Assert.NotNull(received);
        Assert.Equal(["--Logging:LogLevel:Default=Debug", "--urls", "http://x", "--Agent:Gateway=http://gw"], received);
    }

    [Fact]
    public void Parse_SlotsNotANumber_IsAnError()
    {
        var parse = AgentCommandLine.Create(_ => Task.FromResult(0)).Parse(["--slots", "many"]);

        Assert.NotEmpty(parse.Errors);
    }

    private static List<string> Map(params string[] args)
    {
        var parse = AgentCommandLine.Create(_ => Task.FromResult(0)).Parse(args);
        Assert.Empty(parse.Errors);
        return AgentCommandLine.ToConfigurationArgs(parse).ToList();
    }
}
