using LlMesh.State.Users;

namespace LlMesh.Gateway.Tests.Scheduling;

/// <summary>Users in memory; <see cref="SetAsync"/> raises <see cref="Changed"/> like the real stores.</summary>
internal sealed class FakeUserStore : IUserStore
{
    private readonly Dictionary<string, UserRecord> _users = new(StringComparer.Ordinal);

    public event Action? Changed;

    public UserRecord Find(string name) => _users.GetValueOrDefault(name) ?? new UserRecord(name);

    public ValueTask<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<UserRecord>>(_users.Values.ToList());

    public ValueTask SetAsync(UserRecord user, CancellationToken cancellationToken = default)
    {
        _users[user.Name] = user;
        Changed?.Invoke();
        return ValueTask.CompletedTask;
    }
}
