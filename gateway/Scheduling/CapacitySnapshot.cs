namespace LlMesh.Gateway.Scheduling;

/// <summary>Slots by model for one user, and waiting jobs by requested name.</summary>
internal sealed record CapacitySnapshot(
    IReadOnlyDictionary<string, (int Free, int Total)> ByModel,
    IReadOnlyDictionary<string, int> QueuedByName);
