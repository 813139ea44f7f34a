namespace LlMesh.State.Users;

/// <summary>A person who owns keys and workers.</summary>
/// <param name="SendIsolated">My requests run only on my own workers.</param>
/// <param name="ReceiveIsolated">My workers serve only my own requests.</param>
public sealed record UserRecord(string Name, bool SendIsolated = false, bool ReceiveIsolated = false);
