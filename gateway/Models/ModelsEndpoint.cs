using System.Text.Json;
using LlMesh.Gateway.Errors;
using LlMesh.Gateway.Workers;

namespace LlMesh.Gateway.Models;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: what connected workers serve, in OpenAI's format.</summary>
internal sealed class ModelsEndpoint(WorkerRegistry registry)
{
    public async Task HandleListAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var (id, created) in ListModels())
        {
            WriteModel(writer, id, created);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public async Task HandleGetAsync(HttpContext context)
    {
        var id = context.Request.RouteValues["id"] as string ?? "";
        var match = ListModels().FirstOrDefault(m => m.Id == id);
        if (match.Id is null)
        {
            await ApiErrorWriter.WriteAsync(context, ApiError.ModelNotFound(id));
            return;
        }

        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        WriteModel(writer, match.Id, match.Created);
    }

    private IEnumerable<(string Id, DateTimeOffset Created)> ListModels() =>
        registry.Workers
            .SelectMany(w => w.Models.Select(m => (Model: m, w.Agent.ConnectedAt)))
            .GroupBy(x => x.Model, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Min(x => x.ConnectedAt)))
            .OrderBy(x => x.Key, StringComparer.Ordinal);

    private static void WriteModel(Utf8JsonWriter writer, string id, DateTimeOffset created)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("object", "model");
        writer.WriteNumber("created", created.ToUnixTimeSeconds());
        writer.WriteString("owned_by", "llmesh");
        writer.WriteEndObject();
    }
}
