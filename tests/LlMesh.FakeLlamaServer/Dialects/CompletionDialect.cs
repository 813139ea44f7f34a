using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using LlMesh.FakeLlamaServer.Generation;
using LlMesh.FakeLlamaServer.Http;
using LlMesh.FakeLlamaServer.Sse;
using Microsoft.AspNetCore.Http;

namespace LlMesh.FakeLlamaServer.Dialects;

/// <summary>The wire shapes of one completion endpoint: how its request is read and its answer written.</summary>
internal abstract class CompletionDialect
{
    /// <summary>The id of a new answer; llama-server uses a <c>chatcmpl-</c> id for every OpenAI-style endpoint.</summary>
    public virtual string NewId() => CompletionIds.New();

    public abstract bool TryReadRequest(
        JsonElement body, [NotNullWhen(true)] out CompletionRequest? request, [NotNullWhen(false)] out string? error);

    /// <summary>Events sent once, just before the first token's event.</summary>
    public virtual void WriteStreamStart(SseWriter sse, CompletionContext completion)
    {
    }

    public abstract void WriteStreamToken(SseWriter sse, CompletionContext completion, int index, string text);

    /// <summary>The closing events, including the terminator where the dialect has one.</summary>
    public abstract void WriteStreamEnd(SseWriter sse, CompletionContext completion, CompletionResult result);

    public abstract void WriteResponse(Utf8JsonWriter writer, CompletionContext completion, CompletionResult result);

    /// <summary>An error answer (instead of a 200); <paramref name="llamaType"/> is one of the <see cref="LlamaError"/> types.</summary>
    public virtual Task WriteErrorAsync(
        HttpContext context, int statusCode, string message, string llamaType, Action<Utf8JsonWriter>? extra = null) =>
        LlamaError.WriteAsync(context, statusCode, message, llamaType, extra);

    /// <summary>The error event of a stream that already answered 200: <c>data: {"error":{…}}</c> for OpenAI-style streams.</summary>
    public virtual void WriteStreamError(SseWriter sse, int statusCode, string message, string llamaType) =>
        sse.WriteEvent(writer => LlamaError.Write(writer, statusCode, message, llamaType));
}
