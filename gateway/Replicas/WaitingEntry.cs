using LlMesh.Gateway.Scheduling;
using LlMesh.State;

namespace LlMesh.Gateway.Replicas;

/// <summary>
/// A job waiting for a slot somewhere in the mesh, as the shared queue in Redis lists it: enough for
/// any replica to weigh it with its own policy (user, tier, place in line, target, input kinds).
/// </summary>
internal sealed record WaitingEntry(
    string Origin, string JobId, string User, Priority Priority, string Target, Modalities Modalities, long Sequence, DateTimeOffset EnqueuedAt)
{
    /// <summary>The entry's field in the hash: unique over the mesh.</summary>
    public string Field => FieldOf(Origin, JobId);

    public static string FieldOf(string origin, string jobId) => origin + "/" + jobId;
}

/// <summary>A replica took a waiting job's slot: the origin relays the job there, naming <see cref="ClaimId"/>.</summary>
internal sealed record SlotClaim(string Replica, string ClaimId);
