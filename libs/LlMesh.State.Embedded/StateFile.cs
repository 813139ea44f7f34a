using System.Text.Json;
using LlMesh.State.Documents;

namespace LlMesh.State.Embedded;

/// <summary>
/// Reads and atomically replaces <c>state.json</c>. Changes are made under an exclusive lock file, so
/// the gateway and the <c>keys create</c> command can both change the file without losing each other's writes.
/// </summary>
internal sealed class StateFile(string directory)
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    public string Path { get; } = System.IO.Path.Combine(directory, "state.json");

    private string LockPath => System.IO.Path.Combine(directory, "state.lock");

    public StateDocument Read()
    {
        if (!File.Exists(Path))
        {
            return new StateDocument();
        }

        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return JsonSerializer.Deserialize(stream, StateJsonContext.Default.StateDocument) ?? new StateDocument();
    }

    /// <summary>Reads the newest document, applies <paramref name="change"/> and writes it back, all under the lock.</summary>
    public async Task<(StateDocument Document, T Result)> UpdateAsync<T>(Func<StateDocument, T> change, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await using var fileLock = await AcquireLockAsync(cancellationToken);
        var document = Read();
        var result = change(document);
        var temp = Path + ".tmp";
        await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await JsonSerializer.SerializeAsync(stream, document, StateJsonContext.Default.StateDocument, cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path, overwrite: true);
        return (document, result);
    }

    private async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20, cancellationToken);
            }
        }
    }
}
