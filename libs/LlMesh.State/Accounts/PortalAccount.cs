namespace LlMesh.State.Accounts;

/// <summary>
/// A local portal login (used when Entra ID is not configured). <see cref="Name"/> is the llmesh user
/// the account acts as; the password is stored only as an ASP.NET Core Identity hash (PBKDF2).
/// <see cref="SessionStamp"/> is copied into every session signed in; a new one (a password change, "sign
/// out everywhere") ends the sessions that carry the old one. Accounts from before it have none.
/// </summary>
public sealed record PortalAccount(string Name, string PasswordHash, PortalRole Role, DateTimeOffset CreatedAt, string? SessionStamp = null);
