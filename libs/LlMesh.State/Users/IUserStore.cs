namespace LlMesh.State.Users;

/// <summary>Users and their isolation flags. A user with no record has both flags off.</summary>
public interface IUserStore
{
    UserRecord Find(string name);

    ValueTask<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken = default);

    ValueTask SetAsync(UserRecord user, CancellationToken cancellationToken = default);

    /// <summary>Raised after users changed (here or in another process).</summary>
    event Action? Changed;
}
