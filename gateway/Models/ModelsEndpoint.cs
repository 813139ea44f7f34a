using System.Text.Json;
using LlMesh.Gateway.Authentication;
using LlMesh.Gateway.Errors;
using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Workers;
using LlMesh.State.Aliases;

namespace LlMesh.Gateway.Models;

/// <summary>
/// <c>GET /v1/models</c>, <c>GET /v1/models/{id}</c> (OpenAI's format: connected models and aliases) and
/// <c>GET /v1/models/slots</c> (what the calling key can get a slot on now).
/// </summary>
internal sealed class ModelsEndpoint(WorkerRegistry registry, IAliasStore aliases, JobScheduler scheduler, Replicas.ReplicaDirectory replicas, TimeProvider timeProvider)
{
    public async Task HandleListAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var entry in ListModels())
        {
            WriteModel(writer, entry);
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
        WriteModel(writer, match);
    }

    public async Task HandleSlotsAsync(HttpContext context)
    {
        var caller = context.Features.Get<ApiCaller>()!;
        var capacity = scheduler.Capacity(caller.User);
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        foreach (var (model, (free, total)) in capacity.ByModel.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            WriteSlots(writer, model, "model", free, total, capacity.QueuedByName.GetValueOrDefault(model), tiers: null);
        }

        foreach (var alias in aliases.List().OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            var free = 0;
            var total = 0;
            foreach (var model in alias.Tiers.SelectMany(t => t).Distinct())
            {
                var (f, t) = capacity.ByModel.GetValueOrDefault(model);
                free += f;
                total += t;
            }

            WriteSlots(writer, alias.Name, "alias", free, total, capacity.QueuedByName.GetValueOrDefault(alias.Name), alias.Tiers);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSlots(Utf8JsonWriter writer, string id, string kind, int free, int total, int queued, IReadOnlyList<IReadOnlyList<string>>? tiers)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("type", kind);
        writer.WriteNumber("free_slots", free);
        writer.WriteNumber("total_slots", total);
        writer.WriteNumber("queued", queued);
        if (tiers is not null)
        {
            writer.WriteStartArray("tiers");
            foreach (var tier in tiers)
            {
                writer.WriteStartArray();
                foreach (var model in tier)
                {
                    writer.WriteStringValue(model);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private IEnumerable<ModelEntry> ListModels()
    {
        var now = timeProvider.GetUtcNow();

        // Models served through other replicas are this endpoint's too: requests for them are relayed.
        var models = registry.Workers
            .SelectMany(w => w.Models.Select(m => (Model: m, w.Agent.ConnectedAt)))
            .Concat(replicas.Others.SelectMany(r => r.Models.Keys).Select(m => (Model: m, ConnectedAt: now)))
            .GroupBy(x => x.Model, StringComparer.Ordinal)
            .Select(g => new ModelEntry(g.Key, g.Min(x => x.ConnectedAt), "llmesh"));
        var aliasEntries = aliases.List().Select(a => new ModelEntry(a.Name, now, "llmesh-alias"));
        return models.Concat(aliasEntries).OrderBy(m => m.Id, StringComparer.Ordinal);
    }

    private static void WriteModel(Utf8JsonWriter writer, ModelEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("id", entry.Id);
        writer.WriteString("object", "model");
        writer.WriteNumber("created", entry.Created.ToUnixTimeSeconds());
        writer.WriteString("owned_by", entry.OwnedBy);
        writer.WriteEndObject();
    }

    private readonly record struct ModelEntry(string Id, DateTimeOffset Created, string OwnedBy);
}
