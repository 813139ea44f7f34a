namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>Identity shared by every chunk of one answer.</summary>
/// <param name="RequestId">The <see cref="RecordedRequest.Id"/> of the request; tool call ids derive from it.</param>
internal sealed record CompletionContext(string Id, long Created, string Model, int SlotId, CompletionRequest Request, int RequestId);
