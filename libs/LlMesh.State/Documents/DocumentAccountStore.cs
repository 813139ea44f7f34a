using LlMesh.State.Accounts;

namespace LlMesh.State.Documents;

/// <summary>Portal accounts in a <see cref="StateStore"/>.</summary>
public sealed class DocumentAccountStore(StateStore state) : IAccountStore
{
    public PortalAccount? Find(string name) => state.Document.Accounts.Find(a => a.Name == name);

    public IReadOnlyList<PortalAccount> List() => [.. state.Document.Accounts];

    public async ValueTask<bool> TryCreateFirstAdminAsync(PortalAccount admin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(admin);

        // One atomic update: two replicas finishing the setup at once cannot both create an admin.
        return await state.UpdateAsync(
            doc =>
            {
                if (doc.Accounts.Exists(a => a.Role == PortalRole.Admin))
                {
                    return false;
                }

                doc.Accounts.RemoveAll(a => a.Name == admin.Name);
                doc.Accounts.Add(admin with { Role = PortalRole.Admin });
                return true;
            },
            cancellationToken);
    }

    public async ValueTask<PortalAccount?> UpdateAsync(string name, Func<PortalAccount?, PortalAccount?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(change);
        return await state.UpdateAsync(
            doc =>
            {
                var index = doc.Accounts.FindIndex(a => a.Name == name);
                var changed = change(index < 0 ? null : doc.Accounts[index]);
                if (changed is not null && changed.Name != name)
                {
                    throw new ArgumentException($"The change renamed account '{name}' to '{changed.Name}'.", nameof(change));
                }

                switch ((index >= 0, changed is not null))
                {
                    case (true, true):
                        doc.Accounts[index] = changed!;
                        break;
                    case (true, false):
                        doc.Accounts.RemoveAt(index);
                        break;
                    case (false, true):
                        doc.Accounts.Add(changed!);
                        break;
                }

                return changed;
            },
            cancellationToken);
    }

    public async ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken = default) =>
        await state.UpdateAsync(doc => doc.Accounts.RemoveAll(a => a.Name == name) > 0, cancellationToken);
}
