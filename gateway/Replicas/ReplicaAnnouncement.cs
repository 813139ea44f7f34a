using System.Text.Json.Serialization;

namespace LlMesh.Gateway.Replicas;

/// <summary>What one replica tells the others: where it is, and the models its agents serve with their slots.</summary>
internal sealed record ReplicaAnnouncement(string Id, Uri Url, IReadOnlyDictionary<string, ModelSlots> Models);

internal sealed record ModelSlots(int Free, int Total);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReplicaAnnouncement))]
[JsonSerializable(typeof(WaitingEntry))]
internal sealed partial class ReplicaJsonContext : JsonSerializerContext;
