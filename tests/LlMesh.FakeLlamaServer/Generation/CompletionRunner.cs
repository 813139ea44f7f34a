using System.Globalization;
using System.Text.Json;
using LlMesh.FakeLlamaServer.Dialects;
using LlMesh.FakeLlamaServer.Hosting;
using LlMesh.FakeLlamaServer.Http;
using LlMesh.FakeLlamaServer.Recording;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>
/// Admits one completion request the way llama-server does: validate the body, wait for a slot, check the
/// context size, then hand over to a <see cref="CompletionSession"/>. The dialect decides only the JSON shapes.
/// </summary>
internal sealed class CompletionRunner(ServerState state)
{
    public async Task RunAsync(HttpContext context, CompletionDialect dialect)
    {
        var post = context.Features.GetRequiredFeature<IncomingPost>();
        var tracker = context.Features.GetRequiredFeature<RequestTracker>();
        if (post.Json is null)
        {
            await LlamaError.WriteParseErrorAsync(context, post.ParseError);
            return;
        }

        var body = post.Json.RootElement;
        if (body.ValueKind != JsonValueKind.Object)
        {
            await LlamaError.WriteAsync(
                context, StatusCodes.Status500InternalServerError, "[json.exception.type_error.306] cannot use value() with non-object", LlamaError.ServerError);
            return;
        }

        if (!dialect.TryReadRequest(body, out var request, out var error))
        {
            await dialect.WriteErrorAsync(context, StatusCodes.Status400BadRequest, error, LlamaError.InvalidRequest);
            return;
        }

        var cancellationToken = context.RequestAborted;
        using var slot = await state.Slots.AcquireAsync(tracker.Id, cancellationToken);
        tracker.SlotAcquired(slot.Index);

        // Like llama-server, the context check happens once the task reaches a slot.
        if (request.PromptTokens > state.Options.ContextSize)
        {
            await WriteContextExceededAsync(context, dialect, request.PromptTokens);
            return;
        }

        var behavior = state.Behavior;
        if (behavior.Hang)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, state.Time, cancellationToken);
        }

        // At least the prompt's last token is always evaluated, even when the cache holds all of it.
        var cached = Math.Clamp(behavior.CachedPromptTokens, 0, Math.Max(request.PromptTokens - 1, 0));
        var completion = new CompletionContext(
            dialect.NewId(), state.Time.GetUtcNow().ToUnixTimeSeconds(), state.Options.ModelId, slot.Index, request, tracker.Id, cached);
        var session = new CompletionSession(context, dialect, completion, GenerationPlan.For(request, behavior), slot, tracker, state);
        await session.RunAsync();
    }

    private Task WriteContextExceededAsync(HttpContext context, CompletionDialect dialect, int promptTokens)
    {
        var contextSize = state.Options.ContextSize;
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"request ({promptTokens} tokens) exceeds the available context size ({contextSize} tokens), try increasing it");
        return dialect.WriteErrorAsync(context, StatusCodes.Status400BadRequest, message, LlamaError.ExceedContextSize, writer =>
        {
            writer.WriteNumber("n_prompt_tokens", promptTokens);
            writer.WriteNumber("n_ctx", contextSize);
        });
    }
}
