using LlMesh.State.Aliases;

namespace LlMesh.State.Documents;

/// <summary>Model aliases in a <see cref="StateStore"/>.</summary>
public sealed class DocumentAliasStore : IAliasStore
{
    private readonly StateStore _state;

    public DocumentAliasStore(StateStore state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _state = state;
        state.Changed += () => Changed?.Invoke();
    }

    public event Action? Changed;

    public AliasRecord? Find(string name) => _state.Document.Aliases.Find(a => a.Name == name);

    public IReadOnlyList<AliasRecord> List() => _state.Document.Aliases.ToList();

    public async ValueTask SetAsync(AliasRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await _state.UpdateAsync(
            doc =>
            {
                doc.Aliases.RemoveAll(a => a.Name == record.Name);
                doc.Aliases.Add(record);
                return true;
            },
            cancellationToken);
    }

    public async ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken = default) =>
        await _state.UpdateAsync(doc => doc.Aliases.RemoveAll(a => a.Name == name) > 0, cancellationToken);
}
