namespace LlMesh.State.Documents;

/// <summary>
/// Something built from the state document for fast lookups (an index by secret hash, by name), rebuilt
/// on first use after the document was replaced. Every read is built from the document in force when it
/// was read: change events arrive on several threads at once, and an index rebuilt in a handler could
/// be overwritten by one built from an older document (a revoked key usable until the next change).
/// </summary>
internal sealed class DocumentIndex<T>(StateStore state, Func<StateDocument, T> build)
    where T : class
{
    private volatile Built? _built;

    public T Value
    {
        get
        {
            var document = state.Document;
            var built = _built;
            if (built is null || !ReferenceEquals(built.Document, document))
            {
                built = new Built(document, build(document));
                _built = built;
            }

            return built.Value;
        }
    }

    private sealed record Built(StateDocument Document, T Value);
}
