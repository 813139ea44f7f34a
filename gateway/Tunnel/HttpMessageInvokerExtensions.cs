namespace LlMesh.Gateway.Tunnel;

internal static class HttpMessageInvokerExtensions
{
    /// <summary>Wraps an invoker as a handler so an <see cref="HttpClient"/> can share its connection pool.</summary>
    public static HttpMessageHandler AsHandler(this HttpMessageInvoker invoker) => new InvokerHandler(invoker);

    private sealed class InvokerHandler(HttpMessageInvoker invoker) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            invoker.SendAsync(request, cancellationToken);
    }
}
