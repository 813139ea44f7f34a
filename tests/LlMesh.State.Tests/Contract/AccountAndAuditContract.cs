using LlMesh.State.Accounts;
using LlMesh.State.Audit;
using LlMesh.State.Documents;

namespace LlMesh.State.Tests.Contract;

/// <summary>What every store must do for portal accounts and the audit log.</summary>
public abstract class AccountAndAuditContract : StateStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task FirstAdmin_CanBeCreatedOnce_EvenByTwoProcessesAtOnce()
    {
        var first = new DocumentAccountStore(await NewStateAsync());
        var second = new DocumentAccountStore(await NewStateAsync());

        var results = await Task.WhenAll(
            first.TryCreateFirstAdminAsync(new PortalAccount("ann", "hash-a", PortalRole.Admin, Now)).AsTask(),
            second.TryCreateFirstAdminAsync(new PortalAccount("ben", "hash-b", PortalRole.Admin, Now)).AsTask());

        Assert.Single(results, created => created);
        var reader = new DocumentAccountStore(await NewStateAsync());
        Assert.Single(reader.List(), a => a.Role == PortalRole.Admin);
        Assert.False(await reader.TryCreateFirstAdminAsync(new PortalAccount("cat", "hash-c", PortalRole.Admin, Now)));
    }

    [Fact]
    public async Task Accounts_SetFindRemove_AndSurviveANewView()
    {
        var accounts = new DocumentAccountStore(await NewStateAsync());
        await accounts.UpdateAsync("bob", _ => new PortalAccount("bob", "hash", PortalRole.Member, Now));

        Assert.Equal(PortalRole.Member, new DocumentAccountStore(await NewStateAsync()).Find("bob")?.Role);
        await accounts.UpdateAsync("bob", a => a! with { SessionStamp = "stamp-1" });
        Assert.Equal("stamp-1", new DocumentAccountStore(await NewStateAsync()).Find("bob")?.SessionStamp);
        Assert.True(await accounts.RemoveAsync("bob"));
        Assert.Null(accounts.Find("bob"));
        Assert.False(await accounts.RemoveAsync("bob"));
    }

    [Fact]
    public async Task AccountUpdate_ChangesTheNewestRecord_NotAnOlderCopy()
    {
        // Two views (replicas, or a view that has not seen the other's change yet): an update made through
        // the second one starts from what the first one stored, so it cannot bring back an older role.
        var first = new DocumentAccountStore(await NewStateAsync());
        var second = new DocumentAccountStore(await NewStateAsync());
        await first.UpdateAsync("bob", _ => new PortalAccount("bob", "hash-1", PortalRole.Admin, Now));
        await second.UpdateAsync("bob", a => a! with { Role = PortalRole.Member });

        var stored = await first.UpdateAsync("bob", a => a! with { PasswordHash = "hash-2" });

        Assert.Equal(new PortalAccount("bob", "hash-2", PortalRole.Member, Now), stored);
        Assert.Equal(stored, new DocumentAccountStore(await NewStateAsync()).Find("bob"));
        Assert.Null(await first.UpdateAsync("bob", _ => null));
        Assert.Null(new DocumentAccountStore(await NewStateAsync()).Find("bob"));
    }

    [Fact]
    public async Task AuditLog_ReadsNewestFirst_UpToTheCount_AcrossViews()
    {
        var writer = await Backing.OpenAuditLogAsync();
        for (var i = 1; i <= 3; i++)
        {
            await writer.AppendAsync(new AuditEntry(Now.AddMinutes(i), "ann", "key.create", $"key-{i}", "user=bob"));
        }

        var entries = await (await Backing.OpenAuditLogAsync()).ReadAsync(2);

        Assert.Equal(["key-3", "key-2"], entries.Select(e => e.Target));
        Assert.Equal(new AuditEntry(Now.AddMinutes(3), "ann", "key.create", "key-3", "user=bob"), entries[0]);
    }
}
