namespace LlMesh.FakeLlamaServer.Slots;

/// <summary>State of one slot as <c>GET /slots</c> shows it.</summary>
internal readonly record struct SlotSnapshot(int Id, bool IsProcessing, int TaskId, int Decoded, int Remaining);
