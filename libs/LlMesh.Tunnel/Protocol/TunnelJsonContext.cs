using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlMesh.Tunnel.Protocol;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentCapabilities))]
public sealed partial class TunnelJsonContext : JsonSerializerContext;
