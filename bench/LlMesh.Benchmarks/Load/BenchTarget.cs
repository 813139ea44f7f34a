using System.Net.Http.Headers;

namespace LlMesh.Benchmarks.Load;

/// <summary>
/// One path to the backend (direct, plain YARP hop, llmesh) with its own keep-alive connection pool,
/// and the ids of the processes that make up its proxy, whose CPU and memory are charged to it.
/// </summary>
internal sealed class BenchTarget : IDisposable
{
    public BenchTarget(string name, Uri baseAddress, string apiKey, IReadOnlyList<int> proxyProcessIds)
    {
        Name = name;
        ProxyProcessIds = proxyProcessIds;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            // One HTTP/1.1 connection per open stream: the held-streams phase keeps thousands open at once.
            MaxConnectionsPerServer = 16_384,

            // Rounds of other paths run in between; their connections must still be open when it is their turn again.
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(30),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        // With ResponseHeadersRead the timeout ends at the headers, so held streams may stay open longer.
        Client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

        // Every path gets the same headers; only the gateway checks the key.
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public string Name { get; }

    public HttpClient Client { get; }

    public IReadOnlyList<int> ProxyProcessIds { get; }

    public bool IsDirect => ProxyProcessIds.Count == 0;

    public void Dispose() => Client.Dispose();
}
