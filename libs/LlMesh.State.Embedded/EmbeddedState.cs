using LlMesh.State.Documents;
using Microsoft.Extensions.Options;

namespace LlMesh.State.Embedded;

/// <summary>
/// The embedded default's state: <c>state.json</c> under the data directory, read into memory, changed
/// through <see cref="UpdateAsync{T}"/>, and re-read when another process (the CLI) changes the file.
/// The stores for credentials, users and aliases are views over it.
/// </summary>
public sealed class EmbeddedState : StateStore, IDisposable
{
    private readonly StateFile _file;
    private readonly FileSystemWatcher _watcher;

    // Writes and reloads take turns, so a reload that read the file before a write of this process
    // cannot put that older document back over the write's newer one.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private int _reloadPending;
    private volatile StateDocument _document;

    public EmbeddedState(IOptions<EmbeddedStateOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = options.Value.DataDirectory;
        Directory.CreateDirectory(directory);
        _file = new StateFile(directory);
        _document = _file.Read();
        _watcher = new FileSystemWatcher(directory, "state.json")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
            EnableRaisingEvents = true,
        };
        _watcher.Changed += (_, _) => Reload();
        _watcher.Created += (_, _) => Reload();
        _watcher.Renamed += (_, _) => Reload();
    }

    public string FilePath => _file.Path;

    public override StateDocument Document => _document;

    public override async Task<T> UpdateAsync<T>(Func<StateDocument, T> change, CancellationToken cancellationToken)
    {
        T result;
        await _turn.WaitAsync(cancellationToken);
        try
        {
            (_document, result) = await _file.UpdateAsync(change, cancellationToken);
        }
        finally
        {
            _turn.Release();
        }

        OnChanged();

        // A change of the file (the CLI's) noticed while this write held the turn.
        if (Volatile.Read(ref _reloadPending) == 1)
        {
            Reload();
        }

        return result;
    }

    // _turn is not disposed: a watcher callback may still be running, and it holds no OS handle.
    public void Dispose() => _watcher.Dispose();

    /// <summary>
    /// Called on the watcher's thread, which must not wait for a write (that can wait seconds for the
    /// CLI's file lock): when a write holds the turn, the reload is left to it (see UpdateAsync).
    /// </summary>
    private void Reload()
    {
        Volatile.Write(ref _reloadPending, 1);
        while (Volatile.Read(ref _reloadPending) == 1 && _turn.Wait(0))
        {
            var read = false;
            try
            {
                if (Interlocked.Exchange(ref _reloadPending, 0) == 1)
                {
                    _document = _file.Read();
                    read = true;
                }
            }
            catch (IOException)
            {
                // The writer is mid-rename; the next change event reloads.
            }
            catch (System.Text.Json.JsonException)
            {
                // A partially visible file; keep the last good document until the next change event.
            }
            finally
            {
                _turn.Release();
            }

            if (read)
            {
                OnChanged();
            }
        }
    }
}
