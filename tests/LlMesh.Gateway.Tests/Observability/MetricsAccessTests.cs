using System.Net;
using LlMesh.Gateway.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Tests.Observability;

public sealed class MetricsAccessTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("10.0.0.7", false)]
    [InlineData("203.0.113.9", false)]
    public void WithoutOwnPorts_OnlyLoopbackCallersMayRead(string remote, bool allowed)
    {
        var access = Access(urls: null);

        Assert.Equal(allowed, access.Allows(Request(remote, localPort: 8080)));
    }

    [Theory]
    [InlineData("X-Forwarded-For")]
    [InlineData("Forwarded")]
    [InlineData("X-Real-IP")]
    [InlineData("CF-Connecting-IP")]
    [InlineData("X-Original-For")]
    public void WithoutOwnPorts_ALoopbackRequestThatCameThroughAProxy_IsRefused(string header)
    {
        var context = Request("127.0.0.1", localPort: 8080);
        context.Request.Headers[header] = "203.0.113.9";

        Assert.False(Access(urls: null).Allows(context));
    }

    [Fact]
    public void WithOwnPorts_AnyCallerOnThosePortsMayRead_AndNobodyOnTheMainPort()
    {
        var access = Access("http://0.0.0.0:9464;http://[::]:9465");

        Assert.True(access.HasOwnPorts);
        Assert.True(access.Allows(Request("10.0.0.7", localPort: 9464)));
        Assert.True(access.Allows(Request("10.0.0.7", localPort: 9465)));
        Assert.False(access.Allows(Request("127.0.0.1", localPort: 8080)));
        Assert.True(access.OnMetricsPort(Request("10.0.0.7", localPort: 9464)));
        Assert.False(access.OnMetricsPort(Request("10.0.0.7", localPort: 8080)));
    }

    private static MetricsAccess Access(string? urls) => new(Options.Create(new MetricsOptions { Urls = urls }));

    private static DefaultHttpContext Request(string remote, int localPort)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Connection.LocalPort = localPort;
        context.Request.Path = MetricsAccess.Path;
        return context;
    }
}
