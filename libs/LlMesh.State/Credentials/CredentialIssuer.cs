namespace LlMesh.State.Credentials;

/// <summary>Creates a new random secret, stores its hash, and returns the secret once.</summary>
public static class CredentialIssuer
{
    public static async ValueTask<(Credential Credential, string Secret)> IssueAsync(
        this ICredentialStore store, CredentialKind kind, string user, string? name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var secret = SecretHasher.NewSecret(kind);
        var credential = await store.AddAsync(kind, secret, user, name, cancellationToken);
        return (credential, secret);
    }
}
