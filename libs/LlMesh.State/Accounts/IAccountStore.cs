namespace LlMesh.State.Accounts;

/// <summary>Local portal accounts.</summary>
public interface IAccountStore
{
    PortalAccount? Find(string name);

    IReadOnlyList<PortalAccount> List();

    /// <summary>Creates the account only while no admin exists (the first-run setup); false when one does.</summary>
    ValueTask<bool> TryCreateFirstAdminAsync(PortalAccount admin, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates, changes or removes the account <paramref name="name"/> atomically: <paramref name="change"/> gets
    /// the newest record (null: none) and returns the new one (null: none), and may run more than once.
    /// Returns the account as stored.
    /// </summary>
    ValueTask<PortalAccount?> UpdateAsync(string name, Func<PortalAccount?, PortalAccount?> change, CancellationToken cancellationToken = default);

    ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken = default);
}
