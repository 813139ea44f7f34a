using System.Net;

namespace LlMesh.TunnelAgent.Forwarding;

/// <summary>The connection pool to the local backends.</summary>
internal sealed class BackendHttpClient : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        EnableMultipleHttp2Connections = true,
    });

    public void Dispose() => Invoker.Dispose();
}
