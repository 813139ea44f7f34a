using System.Text.Json;
using System.Text.Json.Serialization;
using LlMesh.State.Accounts;
using LlMesh.State.Aliases;
using LlMesh.State.Credentials;
using LlMesh.State.Users;

namespace LlMesh.State.Documents;

/// <summary>The gateway's configuration state as one JSON document: what <see cref="StateStore"/> keeps.</summary>
public sealed class StateDocument
{
    public int Version { get; set; } = 1;

    public List<Credential> Credentials { get; set; } = [];

    public List<UserRecord> Users { get; set; } = [];

    public List<AliasRecord> Aliases { get; set; } = [];

    public List<PortalAccount> Accounts { get; set; } = [];

    /// <summary>Settings changed from the portal (configuration keys such as <c>LlMesh:LongRuns:Activity</c>), in force on every replica.</summary>
    public Dictionary<string, string> Settings { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StateDocument))]
public sealed partial class StateJsonContext : JsonSerializerContext;
