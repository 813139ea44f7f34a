using LlMesh.State.Credentials;
using LlMesh.State.Documents;
using LlMesh.State.Redis;
using LlMesh.Testing;
using LlMesh.Testing.Redis;
using StackExchange.Redis;

namespace LlMesh.State.Tests.Redis;

/// <summary>What only the Redis store has to get right: lost notifications, an outage, recovery.</summary>
public sealed class RedisStateTests : IAsyncLifetime
{
    private RedisServer _server = null!;
    private RedisStateBacking _backing = null!;

    public async Task InitializeAsync()
    {
        // A server of its own: these tests kill it.
        _server = await RedisServer.StartAsync();
        _backing = new RedisStateBacking(_server);
    }

    public async Task DisposeAsync()
    {
        await _backing.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ChangeWithoutNotification_IsPickedUpByThePoll()
    {
        var writer = new DocumentCredentialStore(await _backing.OpenAsync(), TimeProvider.System);
        var added = await writer.AddAsync(CredentialKind.ApiKey, "sk-poll-0123456789abcdef", "alice", null);
        var reader = new DocumentCredentialStore(await _backing.OpenRedisAsync(TimeSpan.FromMilliseconds(200)), TimeProvider.System);
        Assert.NotNull(await reader.FindBySecretAsync(CredentialKind.ApiKey, "sk-poll-0123456789abcdef"));

        // Write a revoked copy straight into Redis, with no PUBLISH: a lost pub/sub message.
        var redis = await _backing.ConnectAsync();
        var keys = new RedisKeys(_backing.Prefix);
        var document = new StateDocument();
        document.Credentials.Add(added with { RevokedAt = DateTimeOffset.UtcNow });
        var revision = (long)await redis.GetDatabase().HashGetAsync(keys.State, "revision");
        await redis.GetDatabase().HashSetAsync(keys.State, [
            new HashEntry("revision", revision + 1),
            new HashEntry("doc", System.Text.Json.JsonSerializer.Serialize(document, StateJsonContext.Default.StateDocument)),
        ]);

        await Eventually.TrueAsync(
            async () => await reader.FindBySecretAsync(CredentialKind.ApiKey, "sk-poll-0123456789abcdef") is null,
            TimeSpan.FromSeconds(2),
            "the revision poll sees a change whose notification was lost");
    }

    [Fact]
    public async Task RedisDown_IsUnavailable_ThenRecoversByItself()
    {
        Assert.True(_server.CanRestart);
        var state = await _backing.OpenRedisAsync(TimeSpan.FromMilliseconds(100));
        var users = new DocumentUserStore(state);
        await users.SetAsync(new Users.UserRecord("alice", SendIsolated: true));
        Assert.True(state.IsAvailable);

        await _server.KillAsync();
        await Eventually.TrueAsync(() => Task.FromResult(!state.IsAvailable), TimeSpan.FromSeconds(5), "the store notices Redis is gone");
        Assert.True(users.Find("alice").SendIsolated); // The last known state stays readable.
        await Assert.ThrowsAnyAsync<Exception>(async () => await users.SetAsync(new Users.UserRecord("bob")));

        await _server.RestartAsync();
        await Eventually.TrueAsync(() => Task.FromResult(state.IsAvailable), TimeSpan.FromSeconds(15), "the store reconnects by itself");
        await users.SetAsync(new Users.UserRecord("carol", ReceiveIsolated: true));
        Assert.True(users.Find("carol").ReceiveIsolated);
    }
}
