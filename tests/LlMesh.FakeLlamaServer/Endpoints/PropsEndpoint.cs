using System.Text.Json;
using LlMesh.FakeLlamaServer.Hosting;
using LlMesh.FakeLlamaServer.Http;
using LlMesh.FakeLlamaServer.Slots;
using Microsoft.AspNetCore.Http;

namespace LlMesh.FakeLlamaServer.Endpoints;

/// <summary><c>GET /props</c>: slot count, context size, modalities, template, as a router reads them at start-up.</summary>
internal sealed class PropsEndpoint(ServerState state)
{
    public Task HandleAsync(HttpContext context) =>
        JsonResponse.WriteAsync(context, StatusCodes.Status200OK, Write);

    private void Write(Utf8JsonWriter writer)
    {
        var options = state.Options;
        writer.WriteStartObject();
        writer.WritePropertyName("default_generation_settings");
        var idle = new SlotSnapshot(Id: 0, IsProcessing: false, TaskId: -1, Decoded: 0, Remaining: -1);
        SlotJson.Write(writer, idle, options.ContextSize);
        writer.WriteNumber("total_slots", options.Slots);
        writer.WriteString("model_alias", options.ModelId);
        writer.WriteString("model_path", "/models/" + options.ModelId);
        writer.WriteStartObject("modalities");
        writer.WriteBoolean("vision", options.Vision);
        writer.WriteBoolean("audio", options.Audio);
        writer.WriteEndObject();
        writer.WriteBoolean("endpoint_slots", true);
        writer.WriteBoolean("endpoint_props", false);
        writer.WriteBoolean("endpoint_metrics", false);
        writer.WriteString("chat_template", LlamaBuild.ChatTemplate);
        writer.WriteString("bos_token", LlamaBuild.BosToken);
        writer.WriteString("eos_token", LlamaBuild.EosToken);
        writer.WriteString("build_info", LlamaBuild.Fingerprint);
        writer.WriteBoolean("is_sleeping", false);
        writer.WriteEndObject();
    }
}
