namespace LlMesh.FakeLlamaServer.Generation;

/// <summary>Identity shared by every chunk of one answer.</summary>
internal sealed record CompletionContext(string Id, long Created, string Model, int SlotId, CompletionRequest Request);
