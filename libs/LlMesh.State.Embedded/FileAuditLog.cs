using System.Text;
using System.Text.Json;
using LlMesh.State.Audit;
using Microsoft.Extensions.Options;

namespace LlMesh.State.Embedded;

/// <summary>The audit log as JSON lines in <c>audit.jsonl</c> in the data directory.</summary>
public sealed class FileAuditLog(IOptions<EmbeddedStateOptions> options) : IAuditLog, IDisposable
{
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly string _path = Path.Combine(options.Value.DataDirectory, "audit.jsonl");

    public async ValueTask AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var line = JsonSerializer.Serialize(entry, AuditJsonContext.Default.AuditEntry) + "\n";
        await _write.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            await File.AppendAllTextAsync(_path, line, Encoding.UTF8, cancellationToken);
        }
        finally
        {
            _write.Release();
        }
    }

    public async ValueTask<IReadOnlyList<AuditEntry>> ReadAsync(int count, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(_path))
        {
            return [];
        }

        var lines = await File.ReadAllLinesAsync(_path, cancellationToken);
        var entries = new List<AuditEntry>(Math.Min(count, lines.Length));
        for (var i = lines.Length - 1; i >= 0 && entries.Count < count; i--)
        {
            if (lines[i].Length > 0 && JsonSerializer.Deserialize(lines[i], AuditJsonContext.Default.AuditEntry) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    public void Dispose() => _write.Dispose();
}
