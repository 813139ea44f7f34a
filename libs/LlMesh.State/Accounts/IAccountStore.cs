namespace LlMesh.State.Accounts;

/// <summary>Local portal accounts.</summary>
public interface IAccountStore
{
    PortalAccount? Find(string name);

    IReadOnlyList<PortalAccount> List();

    /// <summary>Creates the account only while no admin exists (the first-run setup); false when one does.</summary>
    ValueTask<bool> TryCreateFirstAdminAsync(PortalAccount admin, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces an account.</summary>
    ValueTask SetAsync(PortalAccount account, CancellationToken cancellationToken = default);

    ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken = default);
}
