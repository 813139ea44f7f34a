using System.Collections.Frozen;
using LlMesh.State.Credentials;
using Microsoft.Extensions.Options;

namespace LlMesh.State.Embedded;

/// <summary>
/// The embedded default: credentials in <c>state.json</c> under the data directory, held in memory for
/// lookups and re-read when another process (the CLI) changes the file.
/// </summary>
public sealed class FileCredentialStore : ICredentialStore, IDisposable
{
    private readonly StateFile _file;
    private readonly TimeProvider _timeProvider;
    private readonly FileSystemWatcher? _watcher;
    private volatile FrozenDictionary<string, Credential> _byHash;

    public FileCredentialStore(IOptions<EmbeddedStateOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = options.Value.DataDirectory;
        Directory.CreateDirectory(directory);
        _file = new StateFile(directory);
        _timeProvider = timeProvider;
        _byHash = Index(_file.Read());
        _watcher = new FileSystemWatcher(directory, "state.json")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
            EnableRaisingEvents = true,
        };
        _watcher.Changed += (_, _) => Reload();
        _watcher.Created += (_, _) => Reload();
        _watcher.Renamed += (_, _) => Reload();
    }

    public string FilePath => _file.Path;

    public ValueTask<Credential?> FindBySecretAsync(CredentialKind kind, string secret, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var hash = SecretHasher.Hash(secret);
        if (_byHash.TryGetValue(hash, out var credential)
            && credential.Kind == kind
            && credential.IsActive
            && SecretHasher.HashesEqual(credential.SecretHash, hash))
        {
            return ValueTask.FromResult<Credential?>(credential);
        }

        return ValueTask.FromResult<Credential?>(null);
    }

    public async ValueTask<Credential> AddAsync(CredentialKind kind, string secret, string user, string? name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrEmpty(user);
        var hash = SecretHasher.Hash(secret);
        var (document, credential) = await _file.UpdateAsync(
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
        _byHash = Index(document);
        return credential;
    }

    public async ValueTask<bool> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        var (document, revoked) = await _file.UpdateAsync(
            doc =>
            {
                var index = doc.Credentials.FindIndex(c => c.Id == id && c.IsActive);
                if (index < 0)
                {
                    return false;
                }

                doc.Credentials[index] = doc.Credentials[index] with { RevokedAt = _timeProvider.GetUtcNow() };
                return true;
            },
            cancellationToken);
        _byHash = Index(document);
        return revoked;
    }

    public ValueTask<IReadOnlyList<Credential>> ListAsync(CredentialKind kind, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<Credential>>(_byHash.Values.Where(c => c.Kind == kind).OrderBy(c => c.CreatedAt).ToList());

    public void Dispose() => _watcher?.Dispose();

    private void Reload()
    {
        try
        {
            _byHash = Index(_file.Read());
        }
        catch (IOException)
        {
            // The writer is mid-rename; the next change event reloads.
        }
        catch (System.Text.Json.JsonException)
        {
            // A partially visible file; keep the last good index until the next change event.
        }
    }

    private static FrozenDictionary<string, Credential> Index(StateDocument document) =>
        document.Credentials.ToFrozenDictionary(c => c.SecretHash, StringComparer.Ordinal);
}
