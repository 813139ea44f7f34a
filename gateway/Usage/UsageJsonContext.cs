using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlMesh.Gateway.Usage;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(UsageRecord))]
internal sealed partial class UsageJsonContext : JsonSerializerContext;
