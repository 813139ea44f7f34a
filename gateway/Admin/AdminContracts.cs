using System.Text.Json.Serialization;
using LlMesh.State;
using LlMesh.State.Audit;

namespace LlMesh.Gateway.Admin;

internal sealed record SetupRequest(string? Code, string? Name, string? Password);

internal sealed record LoginRequest(string? Name, string? Password);

internal sealed record PasswordChange(string? CurrentPassword, string? NewPassword);

/// <summary>Who is signed in: <see cref="Source"/> is <c>local</c> (an account's password) or <c>entra</c>.</summary>
internal sealed record SessionResponse(string Name, string Role, string Source);

internal sealed record PortalStatus(bool SetupRequired, bool EntraSignIn);

internal sealed record AntiforgeryResponse(string Token, string HeaderName);

/// <summary>What a credential allows: tiers, expiry, models and rate limits (null: the default, or no limit).</summary>
internal interface ICredentialSettings
{
    string? Name { get; }

    Priority? DefaultPriority { get; }

    Priority? MaxPriority { get; }

    bool RejectAboveMaxPriority { get; }

    DateTimeOffset? ExpiresAt { get; }

    IReadOnlyList<string>? AllowedModels { get; }

    int? RequestsPerMinute { get; }

    int? TokensPerMinute { get; }
}

/// <summary>A new API key or client token. <c>User</c> is for admins only; members create their own.</summary>
internal sealed record CreateCredentialRequest(
    string? Name,
    string? User = null,
    Priority? DefaultPriority = null,
    Priority? MaxPriority = null,
    bool RejectAboveMaxPriority = false,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyList<string>? AllowedModels = null,
    int? RequestsPerMinute = null,
    int? TokensPerMinute = null) : ICredentialSettings;

/// <summary>New settings for an existing key or token (<c>PUT</c>: the whole set; the secret stays the same).</summary>
internal sealed record UpdateCredentialRequest(
    string? Name,
    Priority? DefaultPriority = null,
    Priority? MaxPriority = null,
    bool RejectAboveMaxPriority = false,
    DateTimeOffset? ExpiresAt = null,
    IReadOnlyList<string>? AllowedModels = null,
    int? RequestsPerMinute = null,
    int? TokensPerMinute = null) : ICredentialSettings;

/// <summary>A credential as the portal shows it: everything but the secret.</summary>
internal sealed record CredentialView(
    string Id,
    string User,
    string? Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? ExpiresAt,
    Priority DefaultPriority,
    Priority MaxPriority,
    bool RejectAboveMaxPriority,
    IReadOnlyList<string> AllowedModels,
    int? RequestsPerMinute,
    int? TokensPerMinute);

/// <summary>The answer to a create: the secret, here and never again.</summary>
internal sealed record CreatedCredential(CredentialView Credential, string Secret);

/// <summary>A user's role, isolation flags and, optionally, a new portal password.</summary>
internal sealed record UserUpdate(string? Role, bool SendIsolated = false, bool ReceiveIsolated = false, string? Password = null);

internal sealed record UserView(string Name, string? Role, bool SendIsolated, bool ReceiveIsolated, bool CanSignIn);

internal sealed record AliasUpdate(IReadOnlyList<IReadOnlyList<string>>? Tiers);

internal sealed record AliasView(string Name, IReadOnlyList<IReadOnlyList<string>> Tiers);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SetupRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(PasswordChange))]
[JsonSerializable(typeof(PortalStatus))]
[JsonSerializable(typeof(AntiforgeryResponse))]
[JsonSerializable(typeof(CreateCredentialRequest))]
[JsonSerializable(typeof(UpdateCredentialRequest))]
[JsonSerializable(typeof(CreatedCredential))]
[JsonSerializable(typeof(IReadOnlyList<CredentialView>))]
[JsonSerializable(typeof(UserUpdate))]
[JsonSerializable(typeof(IReadOnlyList<UserView>))]
[JsonSerializable(typeof(AliasUpdate))]
[JsonSerializable(typeof(IReadOnlyList<AliasView>))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
[JsonSerializable(typeof(LlMesh.Gateway.Live.LiveView))]
[JsonSerializable(typeof(LlMesh.Gateway.Usage.UsageReport))]
[JsonSerializable(typeof(IReadOnlyList<LlMesh.Gateway.Settings.SettingView>))]
[JsonSerializable(typeof(LlMesh.Gateway.Settings.SettingsUpdate))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
