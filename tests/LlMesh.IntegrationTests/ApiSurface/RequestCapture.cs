using System.Collections.Concurrent;

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>Records what an SDK really put on the wire (path, headers, body), so tests can compare it with what the backend got.</summary>
internal sealed class RequestCapture : DelegatingHandler
{
    private readonly ConcurrentQueue<SentRequest> _sent = new();

    public RequestCapture()
        : base(new SocketsHttpHandler())
    {
    }

    public IReadOnlyList<SentRequest> Sent => [.. _sent];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        _sent.Enqueue(new SentRequest(request.Method.Method, request.RequestUri!, body, headers));
        return await base.SendAsync(request, cancellationToken);
    }
}

internal sealed record SentRequest(string Method, Uri Uri, string Body, IReadOnlyDictionary<string, string> Headers);
