using LlMesh.State.Audit;
using LlMesh.State.Documents;
using LlMesh.State.Redis;
using LlMesh.State.Tests.Contract;
using LlMesh.Testing.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LlMesh.State.Tests.Redis;

/// <summary>A key prefix of its own on the shared test Redis; each view is a new <see cref="RedisState"/> with its own connection, like another replica.</summary>
internal sealed class RedisStateBacking(RedisServer server) : StateBacking
{
    private readonly List<IConnectionMultiplexer> _connections = [];

    public string Prefix { get; } = RedisFixture.UniquePrefix();

    public async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var connection = await RedisConnection.ConnectAsync(server.Endpoint);
        _connections.Add(connection);
        return connection;
    }

    public async Task<RedisState> OpenRedisAsync(TimeSpan? pollInterval = null)
    {
        var options = new RedisStateOptions { KeyPrefix = Prefix, PollInterval = pollInterval ?? TimeSpan.FromMilliseconds(500) };
        var state = new RedisState(await ConnectAsync(), Options.Create(options), TimeProvider.System, NullLogger<RedisState>.Instance);
        await state.StartAsync(CancellationToken.None);
        return state;
    }

    public override async Task<IAuditLog> OpenAuditLogAsync() =>
        new RedisAuditLog(await ConnectAsync(), Options.Create(new RedisStateOptions { KeyPrefix = Prefix }));

    protected override async Task<StateStore> OpenCoreAsync() => await OpenRedisAsync();

    protected override async ValueTask DisposeCoreAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
