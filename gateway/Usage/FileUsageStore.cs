using System.Runtime.CompilerServices;
using System.Text.Json;
using LlMesh.State.Embedded;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Usage;

/// <summary>Usage as JSON lines in <c>usage.jsonl</c> in the data directory.</summary>
internal sealed class FileUsageStore : IUsageStore
{
    private readonly string _path;

    public FileUsageStore(IOptions<EmbeddedStateOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.Value.DataDirectory);
        _path = Path.Combine(options.Value.DataDirectory, "usage.jsonl");
    }

    public async Task AppendAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        await using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        foreach (var record in records)
        {
            await JsonSerializer.SerializeAsync(file, record, UsageJsonContext.Default.UsageRecord, cancellationToken);
            file.WriteByte((byte)'\n');
        }
    }

    public async IAsyncEnumerable<UsageRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            yield break;
        }

        using var reader = new StreamReader(new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0
                && JsonSerializer.Deserialize(line, UsageJsonContext.Default.UsageRecord) is { } record
                && record.At >= from && record.At < to)
            {
                yield return record;
            }
        }
    }
}
