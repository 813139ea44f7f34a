using LlMesh.State.Credentials;
using LlMesh.State.Documents;

namespace LlMesh.State.Tests.Contract;

/// <summary>What every state store (embedded file, Redis) must do for API keys and client tokens.</summary>
public abstract class CredentialStoreContract : StateStoreContract
{
    private const string ApiKey = "sk-test-0123456789abcdef";
    private const string ClientToken = "ct-test-0123456789abcdef";
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task AddAsync_ThenFindBySecret_ReturnsTheCredential()
    {
        var store = await NewStoreAsync();

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
    public async Task FindById_FindsActiveCredentials_NotRevokedOrUnknownOnes()
    {
        var store = await NewStoreAsync();
        var added = await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);

        Assert.Equal(added, await store.FindByIdAsync(added.Id));
        Assert.Null(await store.FindByIdAsync("key-unknown"));
        await store.RevokeAsync(added.Id);
        Assert.Null(await store.FindByIdAsync(added.Id));
    }

    [Fact]
    public async Task ExpiredCredential_IsRefused_LikeARevokedOne()
    {
        var store = await NewStoreAsync();
        var added = await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);

        await store.UpdateAsync(added.Id, c => c with { ExpiresAt = Now });
        Assert.Null(await store.FindBySecretAsync(CredentialKind.ApiKey, ApiKey));
        Assert.Null(await store.FindByIdAsync(added.Id));

        await store.UpdateAsync(added.Id, c => c with { ExpiresAt = Now.AddMinutes(1), AllowedModels = ["qwen", "coder"] });
        var found = await (await NewStoreAsync()).FindBySecretAsync(CredentialKind.ApiKey, ApiKey);
        Assert.NotNull(found);
        Assert.True(found.Allows("coder"));
        Assert.False(found.Allows("llama"));
    }

    [Fact]
    public async Task FindBySecret_UnknownSecret_ReturnsNull()
    {
        var store = await NewStoreAsync();
        await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);

        Assert.Null(await store.FindBySecretAsync(CredentialKind.ApiKey, ApiKey + "x"));
    }

    [Fact]
    public async Task FindBySecret_ApiKeySecretAskedAsClientToken_ReturnsNull()
    {
        var store = await NewStoreAsync();
        await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);
        await store.AddAsync(CredentialKind.ClientToken, ClientToken, "alice", null);

        Assert.Null(await store.FindBySecretAsync(CredentialKind.ClientToken, ApiKey));
        Assert.Null(await store.FindBySecretAsync(CredentialKind.ApiKey, ClientToken));
        Assert.NotNull(await store.FindBySecretAsync(CredentialKind.ClientToken, ClientToken));
    }

    [Fact]
    public async Task RevokeAsync_MakesSecretUnfindable_AndStampsRevokedAt()
    {
        var store = await NewStoreAsync();
        var added = await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);

        Assert.True(await store.RevokeAsync(added.Id));

        Assert.Null(await store.FindBySecretAsync(CredentialKind.ApiKey, ApiKey));
        var listed = Assert.Single(await store.ListAsync(CredentialKind.ApiKey));
        Assert.Equal(Now, listed.RevokedAt);
    }

    [Fact]
    public async Task RevokeAsync_UnknownOrAlreadyRevokedId_ReturnsFalse()
    {
        var store = await NewStoreAsync();
        var added = await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);
        await store.RevokeAsync(added.Id);

        Assert.False(await store.RevokeAsync(added.Id));
        Assert.False(await store.RevokeAsync("key_000000000000"));
    }

    [Fact]
    public async Task AddAsync_SameSecretTwice_KeepsOneRecord()
    {
        var store = await NewStoreAsync();

        var first = await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", "one");
        var second = await store.AddAsync(CredentialKind.ApiKey, ApiKey, "bob", "two");

        Assert.Equal(first, second);
        Assert.Single(await store.ListAsync(CredentialKind.ApiKey));
    }

    [Fact]
    public async Task ListAsync_ReturnsOnlyTheAskedKind()
    {
        var store = await NewStoreAsync();
        await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);
        await store.AddAsync(CredentialKind.ClientToken, ClientToken, "alice", null);

        var tokens = await store.ListAsync(CredentialKind.ClientToken);

        Assert.Equal(CredentialKind.ClientToken, Assert.Single(tokens).Kind);
    }

    [Fact]
    public async Task NewStoreOnSameState_SeesEarlierCredentials()
    {
        var before = await NewStoreAsync();
        var added = await before.AddAsync(CredentialKind.ClientToken, ClientToken, "alice", "rig");

        var after = await NewStoreAsync();

        Assert.Equal(added, await after.FindBySecretAsync(CredentialKind.ClientToken, ClientToken));
    }

    [Fact]
    public async Task NewStoreOnSameState_KeepsRevocation()
    {
        var before = await NewStoreAsync();
        var added = await before.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);
        await before.RevokeAsync(added.Id);

        var after = await NewStoreAsync();

        Assert.Null(await after.FindBySecretAsync(CredentialKind.ApiKey, ApiKey));
    }

    [Fact]
    public async Task AddFromAnotherInstance_IsSeenByRunningInstance()
    {
        var gateway = await NewStoreAsync();
        await gateway.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);
        var cli = await NewStoreAsync();

        var added = await cli.AddAsync(CredentialKind.ApiKey, "sk-from-cli-0123456789abcdef", "bob", null);

        await WaitUntilAsync(
            async () => await gateway.FindBySecretAsync(CredentialKind.ApiKey, "sk-from-cli-0123456789abcdef") == added,
            "the running store reloads state.json after another instance changed it");
        Assert.NotNull(await gateway.FindBySecretAsync(CredentialKind.ApiKey, ApiKey));
    }

    [Fact]
    public async Task RevokeFromAnotherInstance_IsSeenByRunningInstance()
    {
        var gateway = await NewStoreAsync();
        var added = await gateway.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);
        var cli = await NewStoreAsync();

        Assert.True(await cli.RevokeAsync(added.Id));

        await WaitUntilAsync(
            async () => await gateway.FindBySecretAsync(CredentialKind.ApiKey, ApiKey) is null,
            "the running store sees a revocation made by another instance");
    }

    [Fact]
    public async Task ConcurrentAddsFromTwoInstances_LoseNoWrite()
    {
        const int PerInstance = 25;
        var first = await NewStoreAsync();
        var second = await NewStoreAsync();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var adding = Task.WhenAll(AddManyAsync(first, "first"), AddManyAsync(second, "second"));
        go.SetResult();
        await adding;

        var reader = await NewStoreAsync();
        Assert.Equal(2 * PerInstance, (await reader.ListAsync(CredentialKind.ApiKey)).Count);
        for (var i = 0; i < PerInstance; i++)
        {
            Assert.NotNull(await reader.FindBySecretAsync(CredentialKind.ApiKey, Secret("first", i)));
            Assert.NotNull(await reader.FindBySecretAsync(CredentialKind.ApiKey, Secret("second", i)));
        }

        // Each instance adds one key after another, like two processes; yielding lets their updates interleave.
        async Task AddManyAsync(DocumentCredentialStore store, string prefix)
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

    [Fact]
    public async Task AddAsync_SameSecretAsAnotherKind_IsRefused()
    {
        var store = await NewStoreAsync();
        await store.AddAsync(CredentialKind.ApiKey, "shared-secret-0123456789", "alice", name: null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await store.AddAsync(CredentialKind.ClientToken, "shared-secret-0123456789", "alice", name: null));

        Assert.Contains("already in use", error.Message, StringComparison.Ordinal);
        Assert.Null(await store.FindBySecretAsync(CredentialKind.ClientToken, "shared-secret-0123456789"));
    }

    [Fact]
    public async Task UpdateAsync_ChangesPriorityPolicy_AndIsSeenByAnotherInstance()
    {
        var store = await NewStoreAsync();
        var other = await NewStoreAsync();
        var added = await store.AddAsync(CredentialKind.ApiKey, ApiKey, "alice", null);

        var updated = await store.UpdateAsync(added.Id, c => c with { MaxPriority = Priority.High, DefaultPriority = Priority.Low });

        Assert.Equal(Priority.High, updated!.MaxPriority);
        await WaitUntilAsync(
            async () => (await other.FindBySecretAsync(CredentialKind.ApiKey, ApiKey))?.MaxPriority == Priority.High,
            "another instance sees the changed priority policy");
        Assert.Null(await store.UpdateAsync("key-unknown", c => c));
    }

    /// <summary>A credential store over a new view of the test's state, as another process would open it.</summary>
    [Fact]
    public async Task PurgeEnded_DeletesWhatWasRevokedOrExpiredBeforeTheMoment_AndNothingElse()
    {
        var store = await NewStoreAsync();
        var revokedLongAgo = await store.AddAsync(CredentialKind.ApiKey, "sk-purge-revoked-old-000000", "alice", null);
        var revokedJustNow = await store.AddAsync(CredentialKind.ApiKey, "sk-purge-revoked-new-000000", "alice", null);
        var expiredLongAgo = await store.AddAsync(CredentialKind.ClientToken, "ct-purge-expired-old-000000", "alice", null);
        var active = await store.AddAsync(CredentialKind.ApiKey, "sk-purge-active-00000000000", "alice", null);
        var expiresLater = await store.AddAsync(CredentialKind.ApiKey, "sk-purge-expires-later-0000", "alice", null);
        await store.UpdateAsync(revokedLongAgo.Id, c => c with { RevokedAt = Now.AddDays(-40) });
        await store.UpdateAsync(revokedJustNow.Id, c => c with { RevokedAt = Now.AddDays(-1) });
        await store.UpdateAsync(expiredLongAgo.Id, c => c with { ExpiresAt = Now.AddDays(-31) });
        await store.UpdateAsync(expiresLater.Id, c => c with { ExpiresAt = Now.AddDays(10) });

        Assert.Equal(2, await store.PurgeEndedAsync(Now.AddDays(-30)));
        Assert.Equal(0, await store.PurgeEndedAsync(Now.AddDays(-30)));

        var left = (await store.ListAsync(CredentialKind.ApiKey)).Concat(await store.ListAsync(CredentialKind.ClientToken)).Select(c => c.Id).Order();
        Assert.Equal(new[] { revokedJustNow.Id, active.Id, expiresLater.Id }.Order(), left);
    }

    protected async Task<DocumentCredentialStore> NewStoreAsync() => new(await NewStateAsync(), new FixedTimeProvider(Now));

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
