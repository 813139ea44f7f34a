namespace LlMesh.State.Audit;

/// <summary>The log of admin actions: appended to, read newest first. Implementations: a file in the data directory, a Redis stream.</summary>
public interface IAuditLog
{
    ValueTask AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<AuditEntry>> ReadAsync(int count, CancellationToken cancellationToken = default);
}
