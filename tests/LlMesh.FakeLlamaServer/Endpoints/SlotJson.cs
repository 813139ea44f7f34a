using System.Text.Json;
using LlMesh.FakeLlamaServer.Slots;

namespace LlMesh.FakeLlamaServer.Endpoints;

/// <summary>One slot as llama-server describes it, in <c>/slots</c> and in <c>/props</c>' default settings.</summary>
internal static class SlotJson
{
    public static void Write(Utf8JsonWriter writer, SlotSnapshot slot, int contextSize)
    {
        writer.WriteStartObject();
        writer.WriteNumber("id", slot.Id);
        writer.WriteNumber("id_task", slot.TaskId);
        writer.WriteNumber("n_ctx", contextSize);
        writer.WriteBoolean("speculative", false);
        writer.WriteBoolean("is_processing", slot.IsProcessing);
        writer.WriteStartObject("params");
        writer.WriteNumber("n_predict", -1);
        writer.WriteNumber("seed", uint.MaxValue);
        writer.WriteNumber("temperature", 0.8);
        writer.WriteNumber("top_k", 40);
        writer.WriteNumber("top_p", 0.95);
        writer.WriteNumber("min_p", 0.05);
        writer.WriteNumber("max_tokens", -1);
        writer.WriteNumber("n_keep", 0);
        writer.WriteBoolean("stream", true);
        writer.WriteEndObject();
        writer.WriteString("prompt", "");
        writer.WriteStartArray("next_token");
        writer.WriteStartObject();
        writer.WriteBoolean("has_next_token", slot.IsProcessing);
        writer.WriteBoolean("has_new_line", false);
        writer.WriteNumber("n_remain", slot.Remaining);
        writer.WriteNumber("n_decoded", slot.Decoded);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
