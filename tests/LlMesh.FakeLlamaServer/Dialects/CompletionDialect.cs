using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using LlMesh.FakeLlamaServer.Generation;
using LlMesh.FakeLlamaServer.Sse;

namespace LlMesh.FakeLlamaServer.Dialects;

/// <summary>The wire shapes of one completion endpoint: how its request is read and its answer written.</summary>
internal abstract class CompletionDialect
{
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
}
