namespace LlMesh.Gateway.Replicas;

/// <summary>
/// Another replica took the slot for one of this replica's waiting jobs: relay the job there with the
/// claim id. <see cref="Claim"/> is null when the claim could not be read; then the job queues again.
/// </summary>
internal sealed class JobClaimedException(SlotClaim? claim)
    : Exception(claim is null ? "Another replica took the job's slot." : $"Replica {claim.Replica} took the job's slot.")
{
    public SlotClaim? Claim { get; } = claim;
}
