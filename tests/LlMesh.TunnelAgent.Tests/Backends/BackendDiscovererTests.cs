using System.Collections.Concurrent;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing;
using LlMesh.Tunnel.Protocol;
using LlMesh.TunnelAgent.Backends;
using Microsoft.Extensions.Logging.Abstractions;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

namespace LlMesh.TunnelAgent.Tests.Backends;

/// <summary>Discovery against a real (fake) llama-server on loopback.</summary>
public sealed class BackendDiscovererTests : IAsyncLifetime
{
    private const string BackendKey = "backend-secret-key";
    private readonly RecordingHandler _recorder = new();
    private FakeServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await FakeServer.StartAsync(new FakeLlamaServerOptions { Slots = 3, ModelId = "m.gguf", Vision = true, ContextSize = 2048 });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _recorder.Dispose();
    }

    [Fact]
    public async Task Discover_LlamaServer_ReportsHealthSlotsModelContextAndModalities()
    {
        var capabilities = await DiscoverAsync(new Backend("b0", Options(_server.BaseAddress.ToString())));

        Assert.Equal("b0", capabilities.Id);
        Assert.True(capabilities.Healthy);
        Assert.Equal(3, capabilities.Slots);
        var model = Assert.Single(capabilities.Models);
        Assert.Equal("m.gguf", model.Id);
        Assert.Equal(2048, model.ContextLength);
        Assert.True(capabilities.Vision);
        Assert.False(capabilities.Audio);
    }

    [Fact]
    public async Task Discover_BaseUrlWithoutTrailingSlash_Works()
    {
        var url = _server.BaseAddress.ToString().TrimEnd('/');

        var capabilities = await DiscoverAsync(new Backend("b0", Options(url)));

        Assert.True(capabilities.Healthy);
    }

    [Fact]
    public async Task Discover_WhileModelLoads_IsUnhealthyAndKeepsLastKnownCapabilities()
    {
        var backend = new Backend("b0", Options(_server.BaseAddress.ToString()));
        backend.TryTakeDiscovered(await DiscoverAsync(backend), backend.Failures);

        _server.Behavior.Loading = true;
        var capabilities = await DiscoverAsync(backend);

        Assert.False(capabilities.Healthy);
        Assert.Equal(3, capabilities.Slots);
        Assert.Equal("m.gguf", Assert.Single(capabilities.Models).Id);
    }

    [Fact]
    public async Task Discover_AfterLoadingEnds_IsHealthyAgain()
    {
        var backend = new Backend("b0", Options(_server.BaseAddress.ToString()));
        _server.Behavior.Loading = true;
        backend.TryTakeDiscovered(await DiscoverAsync(backend), backend.Failures);
        Assert.False(backend.Capabilities.Healthy);

        _server.Behavior.Loading = false;

        Assert.True((await DiscoverAsync(backend)).Healthy);
    }

    [Fact]
    public async Task Discover_ConfiguredModelsSlotsAndModalities_OverrideDiscovery()
    {
        var options = Options(_server.BaseAddress.ToString());
        options.Models.Add("alias-a");
        options.Models.Add("alias-b");
        options.Slots = 7;
        options.Vision = false;
        options.Audio = true;

        var capabilities = await DiscoverAsync(new Backend("b0", options));

        Assert.True(capabilities.Healthy);
        Assert.Equal(7, capabilities.Slots);
        Assert.Equal(["alias-a", "alias-b"], capabilities.Models.Select(m => m.Id));
        Assert.All(capabilities.Models, m => Assert.Equal(2048, m.ContextLength));
        Assert.False(capabilities.Vision);
        Assert.True(capabilities.Audio);
    }

    [Fact]
    public async Task Discover_NothingListening_IsUnhealthyWithoutThrowing()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/";

        var capabilities = await DiscoverAsync(new Backend("b0", Options(url)));

        Assert.False(capabilities.Healthy);
        Assert.Equal(0, capabilities.Slots);
        Assert.Empty(capabilities.Models);
    }

    [Fact]
    public async Task Discover_ServerWithoutModelList_IsUnhealthy()
    {
        // Everything under this prefix is a 404: not a llama-server nor an OpenAI-compatible API.
        var capabilities = await DiscoverAsync(new Backend("b0", Options(new Uri(_server.BaseAddress, "not-an-api/").ToString())));

        Assert.False(capabilities.Healthy);
    }

    [Fact]
    public async Task Discover_BackendRequiringKey_SendsBearerKeyAndReadsProps()
    {
        await using var server = await FakeServer.StartAsync(new FakeLlamaServerOptions { Slots = 3, ContextSize = 2048, RequiredApiKey = BackendKey });
        var options = Options(server.BaseAddress.ToString());
        options.ApiKey = BackendKey;

        var capabilities = await DiscoverAsync(new Backend("b0", options));

        Assert.True(capabilities.Healthy);
        Assert.Equal(3, capabilities.Slots);
        Assert.Equal(2048, Assert.Single(capabilities.Models).ContextLength);
        Assert.NotEmpty(_recorder.Authorization);
        Assert.All(_recorder.Authorization, a => Assert.Equal("Bearer " + BackendKey, a));
    }

    [Fact]
    public async Task Discover_BackendRequiringKey_WithoutKey_CannotReadProps()
    {
        await using var server = await FakeServer.StartAsync(new FakeLlamaServerOptions { Slots = 3, ContextSize = 2048, RequiredApiKey = BackendKey });

        var capabilities = await DiscoverAsync(new Backend("b0", Options(server.BaseAddress.ToString())));

        // /props is refused, so the slot count falls back to 1 and the context length is unknown.
        Assert.Equal(1, capabilities.Slots);
        Assert.Null(Assert.Single(capabilities.Models).ContextLength);
        Assert.All(_recorder.Authorization, a => Assert.Null(a));
    }

    [Fact]
    public async Task Discover_KeyInCustomHeader_IsSentAsIs()
    {
        await using var server = await FakeServer.StartAsync(new FakeLlamaServerOptions { Slots = 5, RequiredApiKey = BackendKey });
        var options = Options(server.BaseAddress.ToString());
        options.ApiKey = BackendKey;
        options.ApiKeyHeader = "X-Api-Key";

        var capabilities = await DiscoverAsync(new Backend("b0", options));

        Assert.Equal(5, capabilities.Slots);
        Assert.All(_recorder.Authorization, a => Assert.Null(a));
    }

    private static BackendOptions Options(string url) => new() { Url = url };

    private async Task<BackendCapabilities> DiscoverAsync(Backend backend)
    {
        using var http = new HttpClient(_recorder, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(10) };
        var discoverer = new BackendDiscoverer(http, NullLogger<BackendDiscoverer>.Instance);
        return await discoverer.DiscoverAsync(backend, CancellationToken.None);
    }

    /// <summary>Notes the Authorization header of every request on its way to the real backend.</summary>
    private sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly ConcurrentQueue<string?> _authorization = new();

        public IReadOnlyCollection<string?> Authorization => _authorization;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _authorization.Enqueue(request.Headers.Authorization?.ToString());
            return base.SendAsync(request, cancellationToken);
        }
    }
}
