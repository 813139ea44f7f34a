using LlMesh.State.Aliases;
using LlMesh.State.Documents;
using LlMesh.State.Users;

namespace LlMesh.State.Tests.Contract;

/// <summary>What every state store (embedded file, Redis) must do for users and aliases.</summary>
public abstract class UserAndAliasStoreContract : StateStoreContract
{
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task FindUser_Unknown_HasBothIsolationFlagsOff()
    {
        var users = new DocumentUserStore(await NewStateAsync());

        var user = users.Find("nobody");

        Assert.Equal(new UserRecord("nobody", SendIsolated: false, ReceiveIsolated: false), user);
    }

    [Fact]
    public async Task SetUser_ThenFindAndList_ReturnIt()
    {
        var users = new DocumentUserStore(await NewStateAsync());

        await users.SetAsync(new UserRecord("alice", SendIsolated: true));
        await users.SetAsync(new UserRecord("bob", ReceiveIsolated: true));

        Assert.Equal(new UserRecord("alice", SendIsolated: true), users.Find("alice"));
        Assert.Equal(new UserRecord("bob", ReceiveIsolated: true), users.Find("bob"));
        Assert.Equal(["alice", "bob"], (await users.ListAsync()).Select(u => u.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SetUser_SameNameAgain_ReplacesTheRecord()
    {
        var users = new DocumentUserStore(await NewStateAsync());
        await users.SetAsync(new UserRecord("alice", SendIsolated: true, ReceiveIsolated: true));

        await users.SetAsync(new UserRecord("alice"));

        Assert.Equal(new UserRecord("alice"), Assert.Single(await users.ListAsync()));
        Assert.False(users.Find("alice").SendIsolated);
    }

    [Fact]
    public async Task Users_SurviveANewStateOnTheSameBacking()
    {
        await new DocumentUserStore(await NewStateAsync()).SetAsync(new UserRecord("alice", ReceiveIsolated: true));

        var reopened = new DocumentUserStore(await NewStateAsync());

        Assert.Equal(new UserRecord("alice", ReceiveIsolated: true), reopened.Find("alice"));
    }

    [Fact]
    public async Task SetUser_RaisesChanged()
    {
        var users = new DocumentUserStore(await NewStateAsync());
        var changed = 0;
        users.Changed += () => Interlocked.Increment(ref changed);

        await users.SetAsync(new UserRecord("alice"));

        Assert.True(Volatile.Read(ref changed) >= 1);
    }

    [Fact]
    public async Task SetUser_InAnotherInstance_IsSeenAndRaisesChanged()
    {
        var watching = new DocumentUserStore(await NewStateAsync());
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watching.Changed += () => changed.TrySetResult();

        await new DocumentUserStore(await NewStateAsync()).SetAsync(new UserRecord("alice", SendIsolated: true));

        await changed.Task.WaitAsync(WatchTimeout);
        await WaitUntilAsync(() => watching.Find("alice").SendIsolated, "the other instance's user is visible");
    }

    [Fact]
    public async Task FindAlias_Unknown_IsNull()
    {
        var aliases = new DocumentAliasStore(await NewStateAsync());

        Assert.Null(aliases.Find("chat"));
        Assert.Empty(aliases.List());
    }

    [Fact]
    public async Task SetAlias_ThenFindAndList_ReturnItsTiersInOrder()
    {
        var aliases = new DocumentAliasStore(await NewStateAsync());

        await aliases.SetAsync(Alias("chat", ["llama-70b"], ["qwen-32b", "mistral-24b"]));
        await aliases.SetAsync(Alias("small", ["phi"]));

        AssertAlias(aliases.Find("chat"), "chat", ["llama-70b"], ["qwen-32b", "mistral-24b"]);
        Assert.Equal(["chat", "small"], aliases.List().Select(a => a.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SetAlias_SameNameAgain_ReplacesItsTiers()
    {
        var aliases = new DocumentAliasStore(await NewStateAsync());
        await aliases.SetAsync(Alias("chat", ["llama-70b"], ["qwen-32b"]));

        await aliases.SetAsync(Alias("chat", ["qwen-32b"]));

        AssertAlias(Assert.Single(aliases.List()), "chat", ["qwen-32b"]);
    }

    [Fact]
    public async Task RemoveAlias_Existing_RemovesItAndReturnsTrue()
    {
        var aliases = new DocumentAliasStore(await NewStateAsync());
        await aliases.SetAsync(Alias("chat", ["llama-70b"]));
        await aliases.SetAsync(Alias("small", ["phi"]));

        Assert.True(await aliases.RemoveAsync("chat"));

        Assert.Null(aliases.Find("chat"));
        Assert.NotNull(aliases.Find("small"));
    }

    [Fact]
    public async Task RemoveAlias_Unknown_ReturnsFalse()
    {
        var aliases = new DocumentAliasStore(await NewStateAsync());
        await aliases.SetAsync(Alias("chat", ["llama-70b"]));

        Assert.False(await aliases.RemoveAsync("other"));

        Assert.NotNull(aliases.Find("chat"));
    }

    [Fact]
    public async Task Aliases_SurviveANewStateOnTheSameBacking()
    {
        var first = new DocumentAliasStore(await NewStateAsync());
        await first.SetAsync(Alias("chat", ["llama-70b"], ["qwen-32b"]));
        await first.SetAsync(Alias("gone", ["phi"]));
        await first.RemoveAsync("gone");

        var reopened = new DocumentAliasStore(await NewStateAsync());

        AssertAlias(Assert.Single(reopened.List()), "chat", ["llama-70b"], ["qwen-32b"]);
    }

    [Fact]
    public async Task SetAndRemoveAlias_RaiseChanged()
    {
        var aliases = new DocumentAliasStore(await NewStateAsync());
        var changed = 0;
        aliases.Changed += () => Interlocked.Increment(ref changed);

        await aliases.SetAsync(Alias("chat", ["llama-70b"]));
        var afterSet = Volatile.Read(ref changed);
        await aliases.RemoveAsync("chat");

        Assert.True(afterSet >= 1);
        Assert.True(Volatile.Read(ref changed) > afterSet);
    }

    [Fact]
    public async Task SetAlias_InAnotherInstance_IsSeenAndRaisesChanged()
    {
        var watching = new DocumentAliasStore(await NewStateAsync());
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watching.Changed += () => changed.TrySetResult();

        await new DocumentAliasStore(await NewStateAsync()).SetAsync(Alias("chat", ["llama-70b"]));

        await changed.Task.WaitAsync(WatchTimeout);
        await WaitUntilAsync(() => watching.Find("chat") is not null, "the other instance's alias is visible");
    }

    [Fact]
    public async Task UsersAndAliases_InTheSameState_DoNotOverwriteEachOther()
    {
        var state = await NewStateAsync();
        var users = new DocumentUserStore(state);
        var aliases = new DocumentAliasStore(state);

        await users.SetAsync(new UserRecord("alice", SendIsolated: true));
        await aliases.SetAsync(Alias("chat", ["llama-70b"]));
        await users.SetAsync(new UserRecord("bob"));

        var reopened = await NewStateAsync();
        Assert.True(new DocumentUserStore(reopened).Find("alice").SendIsolated);
        Assert.NotNull(new DocumentAliasStore(reopened).Find("chat"));
    }


    private static AliasRecord Alias(string name, params string[][] tiers) => new(name, tiers);

    private static void AssertAlias(AliasRecord? alias, string name, params string[][] tiers)
    {
        Assert.NotNull(alias);
        Assert.Equal(name, alias.Name);
        Assert.Equal(tiers.Length, alias.Tiers.Count);
        for (var i = 0; i < tiers.Length; i++)
        {
            Assert.Equal(tiers[i], alias.Tiers[i]);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string because)
    {
        var deadline = DateTime.UtcNow + WatchTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {because}.");
            await Task.Delay(25);
        }
    }
}
