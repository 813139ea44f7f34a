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
    /// <summary>API keys: the tier used when a request names none. Default normal.</summary>
    public Priority DefaultPriority { get; init; } = Priority.Normal;

    /// <summary>API keys: the highest tier the key may ask for. Default normal.</summary>
    public Priority MaxPriority { get; init; } = Priority.Normal;

    /// <summary>API keys: refuse (403) a request above <see cref="MaxPriority"/> instead of lowering it.</summary>
    public bool RejectAboveMaxPriority { get; init; }

    public bool IsActive => RevokedAt is null;
}
