using LlMesh.State.Audit;
using LlMesh.State.Documents;

namespace LlMesh.State.Tests.Contract;

/// <summary>
/// One test's state (a data directory, a Redis key prefix). Each <see cref="OpenAsync"/> is another
/// process's view of it: the gateway, the CLI, another replica.
/// </summary>
public abstract class StateBacking : IAsyncDisposable
{
    private readonly List<StateStore> _opened = [];

    public async Task<StateStore> OpenAsync()
    {
        var store = await OpenCoreAsync();
        _opened.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
        {
            switch (store)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        await DisposeCoreAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>The audit log that goes with this state.</summary>
    public abstract Task<IAuditLog> OpenAuditLogAsync();

    protected abstract Task<StateStore> OpenCoreAsync();

    protected abstract ValueTask DisposeCoreAsync();
}
