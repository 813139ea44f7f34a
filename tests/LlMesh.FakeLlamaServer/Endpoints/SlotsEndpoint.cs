using LlMesh.FakeLlamaServer.Hosting;
using LlMesh.FakeLlamaServer.Http;
using Microsoft.AspNetCore.Http;

namespace LlMesh.FakeLlamaServer.Endpoints;

/// <summary><c>GET /slots</c>: one entry per slot with <c>is_processing</c>.</summary>
internal sealed class SlotsEndpoint(ServerState state)
{
    public Task HandleAsync(HttpContext context)
    {
        var slots = state.Slots.Snapshot();
        return JsonResponse.WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartArray();
            foreach (var slot in slots)
            {
                SlotJson.Write(writer, slot, state.Options.ContextSize);
            }

            writer.WriteEndArray();
        });
    }
}
