namespace LlMesh.Gateway.Usage;

/// <summary>Where usage records go: a file per gateway (embedded default) or a Redis stream shared by every replica.</summary>
internal interface IUsageStore
{
    Task AppendAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken);

    /// <summary>Records with <c>from &lt;= At &lt; to</c>, oldest first.</summary>
    IAsyncEnumerable<UsageRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Deletes records older than <paramref name="before"/> (by whole days for files); returns how many files or entries went.</summary>
    Task<long> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
