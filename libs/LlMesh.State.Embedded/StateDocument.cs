using System.Text.Json;
using System.Text.Json.Serialization;
using LlMesh.State.Credentials;

namespace LlMesh.State.Embedded;

/// <summary>The JSON document the embedded store persists.</summary>
internal sealed class StateDocument
{
    public int Version { get; set; } = 1;

    public List<Credential> Credentials { get; set; } = [];
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StateDocument))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
