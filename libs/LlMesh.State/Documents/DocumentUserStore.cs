using System.Collections.Frozen;
using LlMesh.State.Users;

namespace LlMesh.State.Documents;

/// <summary>Users and their isolation flags in a <see cref="StateStore"/>.</summary>
public sealed class DocumentUserStore : IUserStore
{
    private readonly StateStore _state;
    private readonly DocumentIndex<FrozenDictionary<string, UserRecord>> _byName;

    public DocumentUserStore(StateStore state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        _byName = new(state, Index);
        state.Changed += () =>
        {
            // Built here, off the scheduler's lock, where lookups would otherwise build it.
            _ = _byName.Value;
            Changed?.Invoke();
        };
    }

    public event Action? Changed;

    /// <summary>Called for every scheduling decision: a dictionary lookup, no allocation for known users.</summary>
    public UserRecord Find(string name) => _byName.Value.TryGetValue(name, out var user) ? user : new UserRecord(name);

    private static FrozenDictionary<string, UserRecord> Index(StateDocument document) =>
        document.Users.ToFrozenDictionary(u => u.Name, StringComparer.Ordinal);

    public ValueTask<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<UserRecord>>(_state.Document.Users.ToList());

    public async ValueTask SetAsync(UserRecord user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await _state.UpdateAsync(
            doc =>
            {
                doc.Users.RemoveAll(u => u.Name == user.Name);
                doc.Users.Add(user);
                return true;
            },
            cancellationToken);
    }
}
