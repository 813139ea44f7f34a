namespace LlMesh.Gateway.Replicas;

/// <summary>
/// How gateway replicas that share one Redis reach each other (section <c>LlMesh:Mesh</c>). A replica
/// with <see cref="InternalUrl"/> and <see cref="Secret"/> announces the models its agents serve, and
/// takes requests relayed from the other replicas for them.
/// </summary>
internal sealed class MeshOptions
{
    public const string SectionName = "LlMesh:Mesh";

    /// <summary>This replica's name in the mesh; empty: a new random one at each start.</summary>
    public string ReplicaId { get; set; } = "";

    /// <summary>Where the other replicas reach this one (a private address, e.g. <c>http://10.0.0.5:8080</c>).</summary>
    public Uri? InternalUrl { get; set; }

    /// <summary>Shared by all replicas; proves a relayed request comes from one of them. At least 32 characters.</summary>
    public string? Secret { get; set; }

    /// <summary>How often a replica re-announces its models and free slots and reads the others'.</summary>
    public TimeSpan AnnounceInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A replica that stopped announcing for this long is gone (it died or was cut off).</summary>
    public TimeSpan ReplicaTimeToLive { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// One queue over all replicas: a job waits in the mesh-wide line (tiers, then a Redis sequence) and
    /// runs on the first slot any replica's policy gives it. Off: each replica orders only its own agents' jobs.
    /// </summary>
    public bool SharedQueue { get; set; } = true;

    /// <summary>How often each replica re-reads the shared queue besides its change notifications (the backstop for a lost one).</summary>
    public TimeSpan SharedQueuePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a slot claimed for another replica's job is held for the job to arrive.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
