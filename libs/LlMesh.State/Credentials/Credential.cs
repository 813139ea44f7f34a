namespace LlMesh.State.Credentials;

/// <summary>
/// A stored credential. The secret itself is never stored: only its SHA-256 hash
/// (<see cref="SecretHash"/>, hex) and a short non-secret <see cref="Id"/> to name it in logs and the portal.
/// </summary>
public sealed record Credential(
    string Id,
    CredentialKind Kind,
    string User,
    string? Name,
    string SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt = null)
{
    public bool IsActive => RevokedAt is null;
}
