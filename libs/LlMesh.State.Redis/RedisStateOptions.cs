namespace LlMesh.State.Redis;

/// <summary>How the gateway uses Redis (section <c>LlMesh:Redis</c>; the connection itself is <c>ConnectionStrings:Redis</c>).</summary>
public sealed class RedisStateOptions
{
    public const string SectionName = "LlMesh:Redis";

    /// <summary>
    /// Start of every key, inside a hash tag (<c>{llmesh}:…</c>) so all of llmesh's keys share one
    /// Redis Cluster slot and scripts may touch them together. Two meshes on one Redis need two prefixes.
    /// </summary>
    public string KeyPrefix { get; set; } = "llmesh";

    /// <summary>
    /// How often each replica checks the state's revision, the backstop for a lost pub/sub message:
    /// a revoked key is refused everywhere within this interval even if the notification never arrives.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
