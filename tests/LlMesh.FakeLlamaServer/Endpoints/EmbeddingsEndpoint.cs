using System.Text.Json;
using LlMesh.FakeLlamaServer.Embeddings;
using LlMesh.FakeLlamaServer.Generation;
using LlMesh.FakeLlamaServer.Hosting;
using LlMesh.FakeLlamaServer.Http;
using LlMesh.FakeLlamaServer.Recording;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LlMesh.FakeLlamaServer.Endpoints;

/// <summary>
/// <c>POST /v1/embeddings</c>: <c>input</c> is a string or an array of strings. Embedding takes a slot and lasts one
/// prefill (<see cref="FakeLlamaServerBehavior.TimeToFirstToken"/>); <see cref="FakeLlamaServerBehavior.Hang"/> applies.
/// </summary>
internal sealed class EmbeddingsEndpoint(ServerState state)
{
    public async Task HandleAsync(HttpContext context)
    {
        var post = context.Features.GetRequiredFeature<IncomingPost>();
        var tracker = context.Features.GetRequiredFeature<RequestTracker>();
        if (post.Json is null)
        {
            await LlamaError.WriteParseErrorAsync(context, post.ParseError);
            return;
        }

        var body = post.Json.RootElement;
        var input = JsonFields.Property(body, "input") ?? JsonFields.Property(body, "content");
        if (input is null || ReadInputs(input.Value) is not { } inputs)
        {
            await LlamaError.WriteAsync(
                context, StatusCodes.Status400BadRequest, "\"input\" or \"content\" must be provided", LlamaError.InvalidRequest);
            return;
        }

        if (inputs.Any(string.IsNullOrEmpty))
        {
            await LlamaError.WriteAsync(context, StatusCodes.Status400BadRequest, "Input content cannot be empty", LlamaError.InvalidRequest);
            return;
        }

        var cancellationToken = context.RequestAborted;
        using var slot = await state.Slots.AcquireAsync(tracker.Id, cancellationToken);
        tracker.SlotAcquired(slot.Index);
        var behavior = state.Behavior;
        var prefill = behavior.Hang ? Timeout.InfiniteTimeSpan : behavior.TimeToFirstToken;
        if (prefill != TimeSpan.Zero)
        {
            await Task.Delay(prefill, state.Time, cancellationToken);
        }

        await JsonResponse.WriteAsync(context, StatusCodes.Status200OK, writer => Write(writer, inputs));
    }

    /// <summary>A string, or an array of strings; anything else (token arrays included) is not supported here.</summary>
    private static List<string>? ReadInputs(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return [input.GetString()!];
        }

        if (input.ValueKind != JsonValueKind.Array || input.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            return null;
        }

        return [.. input.EnumerateArray().Select(item => item.GetString()!)];
    }

    private void Write(Utf8JsonWriter writer, List<string> inputs)
    {
        var tokens = inputs.Sum(input => Math.Max(1, PromptTokenEstimator.ForText(input)));
        writer.WriteStartObject();
        writer.WriteString("model", state.Options.ModelId);
        writer.WriteString("object", "list");
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", tokens);
        writer.WriteNumber("total_tokens", tokens);
        writer.WriteEndObject();
        writer.WriteStartArray("data");
        for (var i = 0; i < inputs.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteStartArray("embedding");
            foreach (var value in FakeEmbedding.For(inputs[i]))
            {
                writer.WriteNumberValue(value);
            }

            writer.WriteEndArray();
            writer.WriteNumber("index", i);
            writer.WriteString("object", "embedding");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
