namespace LlMesh.TunnelAgent.Tests;

public sealed class GatewayUriTests
{
    [Theory]
    [InlineData("http://gw.example.com", "ws://gw.example.com/_llmesh/tunnel")]
    [InlineData("https://gw.example.com", "wss://gw.example.com/_llmesh/tunnel")]
    [InlineData("ws://gw.example.com", "ws://gw.example.com/_llmesh/tunnel")]
    [InlineData("wss://gw.example.com", "wss://gw.example.com/_llmesh/tunnel")]
    [InlineData("HTTPS://GW.example.com", "wss://gw.example.com/_llmesh/tunnel")]
    public void TryCreate_MapsSchemeToWebSocketScheme(string value, string expected)
    {
        Assert.True(GatewayUri.TryCreate(value, out var uri));

        Assert.Equal(expected, uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://gw.example.com/", "wss://gw.example.com/_llmesh/tunnel")]
    [InlineData("https://gw.example.com/llm", "wss://gw.example.com/llm/_llmesh/tunnel")]
    [InlineData("https://gw.example.com/llm/", "wss://gw.example.com/llm/_llmesh/tunnel")]
    public void TryCreate_AppendsTunnelPathToBasePath(string value, string expected)
    {
        Assert.True(GatewayUri.TryCreate(value, out var uri));

        Assert.Equal(expected, uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("wss://gw.example.com/_llmesh/tunnel")]
    [InlineData("https://gw.example.com/_llmesh/tunnel")]
    [InlineData("https://gw.example.com/_llmesh/tunnel/")]
    public void TryCreate_PathAlreadyEndingInTunnelPath_IsNotAppendedTwice(string value)
    {
        Assert.True(GatewayUri.TryCreate(value, out var uri));

        Assert.Equal("wss://gw.example.com/_llmesh/tunnel", uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "ws://127.0.0.1:8080/_llmesh/tunnel")]
    [InlineData("https://gw.example.com:8443/", "wss://gw.example.com:8443/_llmesh/tunnel")]
    [InlineData("http://gw.example.com:443", "ws://gw.example.com:443/_llmesh/tunnel")]
    [InlineData("https://gw.example.com:443", "wss://gw.example.com/_llmesh/tunnel")]
    [InlineData("http://gw.example.com:80", "ws://gw.example.com/_llmesh/tunnel")]
    public void TryCreate_KeepsNonDefaultPort(string value, string expected)
    {
        Assert.True(GatewayUri.TryCreate(value, out var uri));

        Assert.Equal(expected, uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("ftp://gw.example.com")]
    [InlineData("file:///tmp/gw")]
    [InlineData("/relative/path")]
    [InlineData("gw.example.com")]
    [InlineData("localhost:8080")]
    [InlineData("not a url")]
    [InlineData("")]
    [InlineData(null)]
    public void TryCreate_NonHttpOrWebSocketValue_IsRejected(string? value)
    {
        Assert.False(GatewayUri.TryCreate(value, out _));
    }
}
