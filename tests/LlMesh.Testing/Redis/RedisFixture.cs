using Xunit;

namespace LlMesh.Testing.Redis;

/// <summary>One real Redis shared by a test class (xunit class or collection fixture).</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A key prefix no other test uses, so tests share one server without seeing each other's keys.</summary>
    public static string UniquePrefix() => "llmesh-test-" + Guid.NewGuid().ToString("N")[..12];
}
