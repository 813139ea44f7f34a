namespace LlMesh.State.Credentials;

/// <summary>
/// Keeps API keys and client tokens. Implementations: the embedded file store and the Redis store;
/// both pass the same contract tests.
/// </summary>
public interface ICredentialStore
{
    /// <summary>Finds the active credential whose secret is <paramref name="secret"/>; null when unknown or revoked.</summary>
    ValueTask<Credential?> FindBySecretAsync(CredentialKind kind, string secret, CancellationToken cancellationToken = default);

    /// <summary>The active credential with this id; null when unknown or revoked.</summary>
    ValueTask<Credential?> FindByIdAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Stores a credential for a secret the caller chose (bootstrap) or generated; keeps an existing one for the same secret.</summary>
    ValueTask<Credential> AddAsync(CredentialKind kind, string secret, string user, string? name, CancellationToken cancellationToken = default);

    /// <summary>Revokes a credential by id; false when there is no such id.</summary>
    ValueTask<bool> RevokeAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Changes an active credential (e.g. its priority policy); null when there is no such id.</summary>
    ValueTask<Credential?> UpdateAsync(string id, Func<Credential, Credential> change, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<Credential>> ListAsync(CredentialKind kind, CancellationToken cancellationToken = default);

    /// <summary>Deletes credentials revoked, or expired, before <paramref name="endedBefore"/>; returns how many.</summary>
    ValueTask<int> PurgeEndedAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken = default);
}
