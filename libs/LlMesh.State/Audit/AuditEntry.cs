using System.Text.Json.Serialization;

namespace LlMesh.State.Audit;

/// <summary>One admin action: who did what to which object, and when. Never holds a secret.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Target, string? Detail = null);

/// <summary>One entry per line (JSON lines, Redis stream fields): never indented.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AuditEntry))]
public sealed partial class AuditJsonContext : JsonSerializerContext;
