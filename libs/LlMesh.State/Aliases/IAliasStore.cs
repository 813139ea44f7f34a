namespace LlMesh.State.Aliases;

/// <summary>Model aliases; changes are seen by running gateways without a restart.</summary>
public interface IAliasStore
{
    /// <summary>The alias with this name, or null.</summary>
    AliasRecord? Find(string name);

    IReadOnlyList<AliasRecord> List();

    ValueTask SetAsync(AliasRecord record, CancellationToken cancellationToken = default);

    ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Raised after the set of aliases changed (here or in another process).</summary>
    event Action? Changed;
}
