namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>Identity shared by every chunk of one answer.</summary>
/// <param name="RequestId">The <see cref="RecordedRequest.Id"/> of the request; tool call ids derive from it.</param>
/// <param name="CachedTokens">Prompt tokens served from the slot's KV cache (part of <see cref="CompletionRequest.PromptTokens"/>).</param>
internal sealed record CompletionContext(string Id, long Created, string Model, int SlotId, CompletionRequest Request, int RequestId, int CachedTokens = 0);
