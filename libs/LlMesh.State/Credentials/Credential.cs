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

    /// <summary>After this moment the credential is refused as if revoked. Null: it does not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>API keys: the models and aliases the key may request. Empty: all.</summary>
    public IReadOnlyList<string> AllowedModels { get; init; } = [];

    /// <summary>API keys: requests admitted per minute, summed over every replica. Null: unlimited.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>API keys: prompt plus completion tokens per minute, summed over every replica. Null: unlimited.</summary>
    public int? TokensPerMinute { get; init; }

    public bool IsActive => RevokedAt is null;

    /// <summary>Active and not expired at <paramref name="now"/>.</summary>
    public bool IsUsableAt(DateTimeOffset now) => IsActive && (ExpiresAt is null || now < ExpiresAt);

    /// <summary>Value equality, with <see cref="AllowedModels"/> compared by content (a record would compare the list's reference).</summary>
    public bool Equals(Credential? other) =>
        other is not null
        && Id == other.Id
        && Kind == other.Kind
        && User == other.User
        && Name == other.Name
        && SecretHash == other.SecretHash
        && CreatedAt == other.CreatedAt
        && RevokedAt == other.RevokedAt
        && DefaultPriority == other.DefaultPriority
        && MaxPriority == other.MaxPriority
        && RejectAboveMaxPriority == other.RejectAboveMaxPriority
        && ExpiresAt == other.ExpiresAt
        && AllowedModels.SequenceEqual(other.AllowedModels, StringComparer.Ordinal)
        && RequestsPerMinute == other.RequestsPerMinute
        && TokensPerMinute == other.TokensPerMinute;

    public override int GetHashCode() => HashCode.Combine(Id, SecretHash, RevokedAt);

    /// <summary>Whether the key may request this model or alias.</summary>
    public bool Allows(string model) => AllowedModels.Count == 0 || AllowedModels.Contains(model, StringComparer.Ordinal);
}
