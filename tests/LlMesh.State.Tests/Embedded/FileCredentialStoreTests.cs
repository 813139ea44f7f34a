using LlMesh.State.Credentials;
using LlMesh.State.Embedded;
using Microsoft.Extensions.Options;

namespace LlMesh.State.Tests.Embedded;

public sealed class FileCredentialStoreTests : IDisposable
{
    private const string ApiKey = "sk-test-0123456789abcdef";
    private const string ClientToken = "ct-test-0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("llmesh-state-test-").FullName;

    [Fact]
    public async Task AddAsync_ThenFindBySecret_ReturnsTheCredential()
    {
        using var store = NewStore();

        var added = await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", "laptop");
        var found = await store.FindBySecretAsync(CredentialKind.ApiKey, ApiKey);

        Assert.Equal(added, found);
        Assert.Equal("alice", added.User);
        Assert.Equal("laptop", added.Name);
        Assert.Equal(CredentialKind.ApiKey, added.Kind);
        Assert.Equal(SecretHasher.IdFor(CredentialKind.ApiKey, SecretHasher.Hash(ApiKey)), added.Id);
        Assert.Equal(Now, added.CreatedAt);
        Assert.True(added.IsActive);
    }

    [Fact]
    public async Task FindBySecret_UnknownSecret_ReturnsNull()
    {
        using var store = NewStore();
        await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);

        Assert.Null(await store.FindBySecretAsync(CredentialKind.ApiKey, ApiKey + "x"));
    }

    [Fact]
    public async Task FindBySecret_ApiKeySecretAskedAsClientToken_ReturnsNull()
    {
        using var store = NewStore();
        await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);
        await store.AddAsync(CredentialKind.ClientToken, ClientToken, "alice", null);

        Assert.Null(await store.FindBySecretAsync(CredentialKind.ClientToken, ApiKey));
        Assert.Null(await store.FindBySecretAsync(CredentialKind.ApiKey, ClientToken));
        Assert.NotNull(await store.FindBySecretAsync(CredentialKind.ClientToken, ClientToken));
    }

    [Fact]
    public async Task RevokeAsync_MakesSecretUnfindable_AndStampsRevokedAt()
    {
        using var store = NewStore();
        var added = await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);

        Assert.True(await store.RevokeAsync(added.Id));

        Assert.Null(await store.FindBySecretAsync(CredentialKind.ApiKey, ApiKey));
        var listed = Assert.Single(await store.ListAsync(CredentialKind.ApiKey));
        Assert.Equal(Now, listed.RevokedAt);
    }

    [Fact]
    public async Task RevokeAsync_UnknownOrAlreadyRevokedId_ReturnsFalse()
    {
        using var store = NewStore();
        var added = await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);
        await store.RevokeAsync(added.Id);

        Assert.False(await store.RevokeAsync(added.Id));
        Assert.False(await store.RevokeAsync("key_000000000000"));
    }

    [Fact]
    public async Task AddAsync_SameSecretTwice_KeepsOneRecord()
    {
        using var store = NewStore();

        var first = await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", "one");
        var second = await store.AddAsync(CredentialKind.ApiKey, ApiKey, "bob", "two");

        Assert.Equal(first, second);
        Assert.Single(await store.ListAsync(CredentialKind.ApiKey));
    }

    [Fact]
    public async Task ListAsync_ReturnsOnlyTheAskedKind()
    {
        using var store = NewStore();
        await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);
        await store.AddAsync(CredentialKind.ClientToken, ClientToken, "alice", null);

        var tokens = await store.ListAsync(CredentialKind.ClientToken);

        Assert.Equal(CredentialKind.ClientToken, Assert.Single(tokens).Kind);
    }

    [Fact]
    public async Task NewStoreOnSameDirectory_SeesEarlierCredentials()
    {
        Credential added;
        using (var before = NewStore())
        {
            added = await before.AddAsync(CredentialKind.ClientToken, ClientToken, "alice", "rig");
        }

        using var after = NewStore();

        Assert.Equal(added, await after.FindBySecretAsync(CredentialKind.ClientToken, ClientToken));
    }

    [Fact]
    public async Task NewStoreOnSameDirectory_KeepsRevocation()
    {
        using (var before = NewStore())
        {
            var added = await before.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);
            await before.RevokeAsync(added.Id);
        }

        using var after = NewStore();

        Assert.Null(await after.FindBySecretAsync(CredentialKind.ApiKey, ApiKey));
    }

    [Fact]
    public async Task StateFile_NeverContainsTheSecret()
    {
        using var store = NewStore();
        await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);
        await store.AddAsync(CredentialKind.ClientToken, ClientToken, "alice", null);

        var json = await File.ReadAllTextAsync(store.FilePath);

        Assert.Equal(Path.Combine(_directory, "state.json"), store.FilePath);
        Assert.DoesNotContain(ApiKey, json, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientToken, json, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", json, StringComparison.Ordinal);
        Assert.Contains(SecretHasher.Hash(ApiKey), json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddFromAnotherInstance_IsSeenByRunningInstance()
    {
        using var gateway = NewStore();
        await gateway.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);
        using var cli = NewStore();

        var added = await cli.AddAsync(CredentialKind.ApiKey, "sk-from-cli-0123456789abcdef", "bob", null);

        await WaitUntilAsync(
            async () => await gateway.FindBySecretAsync(CredentialKind.ApiKey, "sk-from-cli-0123456789abcdef") == added,
            "the running store reloads state.json after another instance changed it");
        Assert.NotNull(await gateway.FindBySecretAsync(CredentialKind.ApiKey, ApiKey));
    }

    [Fact]
    public async Task RevokeFromAnotherInstance_IsSeenByRunningInstance()
    {
        using var gateway = NewStore();
        var added = await gateway.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);
        using var cli = NewStore();

        Assert.True(await cli.RevokeAsync(added.Id));

        await WaitUntilAsync(
            async () => await gateway.FindBySecretAsync(CredentialKind.ApiKey, ApiKey) is null,
            "the running store sees a revocation made by another instance");
    }

    [Fact]
    public async Task ConcurrentAddsFromTwoInstances_LoseNoWrite()
    {
        const int PerInstance = 25;
        using var first = NewStore();
        using var second = NewStore();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var adding = Task.WhenAll(AddManyAsync(first, "first"), AddManyAsync(second, "second"));
        go.SetResult();
        await adding;

        using var reader = NewStore();
        Assert.Equal(2 * PerInstance, (await reader.ListAsync(CredentialKind.ApiKey)).Count);
        for (var i = 0; i < PerInstance; i++)
        {
            Assert.NotNull(await reader.FindBySecretAsync(CredentialKind.ApiKey, Secret("first", i)));
            Assert.NotNull(await reader.FindBySecretAsync(CredentialKind.ApiKey, Secret("second", i)));
        }

        // Each instance adds one key after another, like two processes; yielding lets their updates interleave.
        async Task AddManyAsync(FileCredentialStore store, string prefix)
        {
            await go.Task;
            for (var i = 0; i < PerInstance; i++)
            {
                await Task.Yield();
                await store.AddAsync(CredentialKind.ApiKey, Secret(prefix, i), prefix, null);
            }
        }

        static string Secret(string prefix, int i) => $"sk-{prefix}-{i:D4}-0123456789abcdef";
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private FileCredentialStore NewStore() =>
        new(Options.Create(new EmbeddedStateOptions { DataDirectory = _directory }), new FixedTimeProvider(Now));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string because)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {because}.");
            await Task.Delay(25);
        }
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
