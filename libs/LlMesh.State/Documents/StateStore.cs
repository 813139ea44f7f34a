namespace LlMesh.State.Documents;

/// <summary>
/// Where the gateway's configuration state lives: one <see cref="StateDocument"/> (credentials, users,
/// aliases) held in memory for lookups on every request, changed atomically through
/// <see cref="UpdateAsync{T}"/>, and re-read when another process changes it. Implemented by the
/// embedded file store and the Redis store; the credential, user and alias stores are views over it.
/// </summary>
public abstract class StateStore
{
    /// <summary>Raised after the document changed, here or in another process.</summary>
    public event Action? Changed;

    /// <summary>The newest document this process has seen. Never mutate it: change it through <see cref="UpdateAsync{T}"/>.</summary>
    public abstract StateDocument Document { get; }

    /// <summary>
    /// False while the store cannot be reached (Redis down) or has not been read yet; callers answer
    /// 503 then rather than judge a request against state they do not have.
    /// </summary>
    public virtual bool IsAvailable => true;

    /// <summary>
    /// Applies <paramref name="change"/> to the newest document and stores the result atomically.
    /// <paramref name="change"/> may run more than once (optimistic concurrency), each time on a fresh copy.
    /// </summary>
    public abstract Task<T> UpdateAsync<T>(Func<StateDocument, T> change, CancellationToken cancellationToken);

    protected void OnChanged() => Changed?.Invoke();
}
