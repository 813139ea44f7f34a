using System.Collections.Frozen;
using LlMesh.State.Credentials;

namespace LlMesh.State.Documents;

/// <summary>API keys and client tokens in a <see cref="StateStore"/>, indexed by secret hash for lookups.</summary>
public sealed class DocumentCredentialStore : ICredentialStore
{
    private readonly StateStore _state;
    private readonly TimeProvider _timeProvider;
    private readonly DocumentIndex<FrozenDictionary<string, Credential>> _byHash;

    public DocumentCredentialStore(StateStore state, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        _timeProvider = timeProvider;
        _byHash = new(state, Index);
        state.Changed += () => _ = _byHash.Value;
    }

    public ValueTask<Credential?> FindBySecretAsync(CredentialKind kind, string secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var hash = SecretHasher.Hash(secret);
        if (_byHash.Value.TryGetValue(hash, out var credential)
            && credential.Kind == kind
            && credential.IsUsableAt(_timeProvider.GetUtcNow())
            && SecretHasher.HashesEqual(credential.SecretHash, hash))
        {
            return ValueTask.FromResult<Credential?>(credential);
        }

        return ValueTask.FromResult<Credential?>(null);
    }

    public ValueTask<Credential?> FindByIdAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        foreach (var credential in _byHash.Value.Values)
        {
            if (credential.Id == id && credential.IsUsableAt(_timeProvider.GetUtcNow()))
            {
                return ValueTask.FromResult<Credential?>(credential);
            }
        }

        return ValueTask.FromResult<Credential?>(null);
    }

    public async ValueTask<Credential> AddAsync(CredentialKind kind, string secret, string user, string? name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrEmpty(user);
        var hash = SecretHasher.Hash(secret);
        return await _state.UpdateAsync(
            doc =>
            {
                var existing = doc.Credentials.Find(c => c.SecretHash == hash);
                if (existing is not null)
                {
                    // One secret, one credential: reusing an API key as a client token would silently do nothing.
                    return existing.Kind == kind
                        ? existing
                        : throw new InvalidOperationException($"That secret is already in use as another kind of credential ({existing.Id}); use a different secret.");
                }

                var created = new Credential(SecretHasher.IdFor(kind, hash), kind, user, name, hash, _timeProvider.GetUtcNow());
                doc.Credentials.Add(created);
                return created;
            },
            cancellationToken);
    }

    public async ValueTask<bool> RevokeAsync(string id, CancellationToken cancellationToken = default) =>
        await UpdateAsync(id, c => c with { RevokedAt = _timeProvider.GetUtcNow() }, cancellationToken) is not null;

    public async ValueTask<Credential?> UpdateAsync(string id, Func<Credential, Credential> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await _state.UpdateAsync(
            doc =>
            {
                var index = doc.Credentials.FindIndex(c => c.Id == id && c.IsActive);
                if (index < 0)
                {
                    return null;
                }

                doc.Credentials[index] = change(doc.Credentials[index]);
                return doc.Credentials[index];
            },
            cancellationToken);
    }

    public ValueTask<IReadOnlyList<Credential>> ListAsync(CredentialKind kind, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<Credential>>(_byHash.Value.Values.Where(c => c.Kind == kind).OrderBy(c => c.CreatedAt).ToList());

    public async ValueTask<int> PurgeEndedAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken = default)
    {
        // Most runs find nothing: then nothing is written (a write reaches every replica).
        if (!_state.Document.Credentials.Exists(c => EndedBefore(c, endedBefore)))
        {
            return 0;
        }

        return await _state.UpdateAsync(doc => doc.Credentials.RemoveAll(c => EndedBefore(c, endedBefore)), cancellationToken);
    }

    private static bool EndedBefore(Credential credential, DateTimeOffset moment) =>
        credential.RevokedAt < moment || credential.ExpiresAt < moment;

    private static FrozenDictionary<string, Credential> Index(StateDocument document) =>
        document.Credentials.ToFrozenDictionary(c => c.SecretHash, StringComparer.Ordinal);
}
