using LlMesh.State.Users;

namespace LlMesh.State.Embedded;

/// <summary>Users and their isolation flags in the embedded state.</summary>
public sealed class FileUserStore : IUserStore
{
    private readonly EmbeddedState _state;

    public FileUserStore(EmbeddedState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        state.Changed += () => Changed?.Invoke();
    }

    public event Action? Changed;

    public UserRecord Find(string name) =>
        _state.Document.Users.Find(u => u.Name == name) ?? new UserRecord(name);

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
