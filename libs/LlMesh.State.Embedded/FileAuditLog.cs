using System.Text;
using System.Text.Json;
using LlMesh.State.Audit;
using Microsoft.Extensions.Options;

namespace LlMesh.State.Embedded;

/// <summary>
/// The audit log as JSON lines in <c>audit.jsonl</c> in the data directory. At <see cref="DefaultMaxFileBytes"/>
/// the file moves to <c>audit.1.jsonl</c> (and that one to <c>audit.2.jsonl</c>…, up to <see cref="KeptFiles"/>;
/// the oldest is deleted): the log keeps the newest 20 MB or so, about 100,000 entries.
/// </summary>
public sealed class FileAuditLog : IAuditLog, IDisposable
{
    public const long DefaultMaxFileBytes = 4 * 1024 * 1024;
    public const int KeptFiles = 4;

    private static readonly UTF8Encoding Utf8NoMark = new(encoderShouldEmitUTF8Identifier: false);
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly string _directory;
    private readonly long _maxFileBytes;

    public FileAuditLog(IOptions<EmbeddedStateOptions> options)
        : this(options, DefaultMaxFileBytes)
    {
    }

    internal FileAuditLog(IOptions<EmbeddedStateOptions> options, long maxFileBytes)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = options.Value.DataDirectory;
        _maxFileBytes = maxFileBytes;
    }

    public async ValueTask AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var line = JsonSerializer.Serialize(entry, AuditJsonContext.Default.AuditEntry) + "\n";
        await _write.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(_directory);
            var current = PathOf(0);
            if (File.Exists(current) && new FileInfo(current).Length >= _maxFileBytes)
            {
                Rotate();
            }

            await File.AppendAllTextAsync(current, line, Utf8NoMark, cancellationToken);
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>The newest <paramref name="count"/> entries, newest first, read from the files' ends.</summary>
    public async ValueTask<IReadOnlyList<AuditEntry>> ReadAsync(int count, CancellationToken cancellationToken = default)
    {
        var entries = new List<AuditEntry>(Math.Min(count, 1000));
        for (var file = 0; file <= KeptFiles && entries.Count < count; file++)
        {
            var path = PathOf(file);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                await foreach (var line in JsonLinesTail.ReadBackwardsAsync(path, cancellationToken))
                {
                    if (line.Length > 0 && JsonSerializer.Deserialize(line, AuditJsonContext.Default.AuditEntry) is { } entry)
                    {
                        entries.Add(entry);
                        if (entries.Count == count)
                        {
                            break;
                        }
                    }
                }
            }
            catch (FileNotFoundException)
            {
                // Rotated away while being read; its entries are in the next file.
            }
        }

        return entries;
    }

    public void Dispose() => _write.Dispose();

    private string PathOf(int file) => Path.Combine(_directory, file == 0 ? "audit.jsonl" : $"audit.{file}.jsonl");

    private void Rotate()
    {
        File.Delete(PathOf(KeptFiles));
        for (var file = KeptFiles - 1; file >= 0; file--)
        {
            if (File.Exists(PathOf(file)))
            {
                File.Move(PathOf(file), PathOf(file + 1));
            }
        }
    }
}
