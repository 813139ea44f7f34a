using System.Buffers;
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

    /// <summary>
    /// Appends a batch as one write: the lines are serialized into memory first, so a batch costs one open
    /// and one write however many records it holds. The file is opened per batch, so it can be rotated
    /// (renamed away) at any time.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return;
        }

        var lines = new ArrayBufferWriter<byte>(records.Count * 256);
        using (var writer = new Utf8JsonWriter(lines))
        {
            foreach (var record in records)
            {
                JsonSerializer.Serialize(writer, record, UsageJsonContext.Default.UsageRecord);
                writer.Flush();
                lines.Write("\n"u8);
                writer.Reset();
            }
        }

        await using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        await file.WriteAsync(lines.WrittenMemory, cancellationToken);
    }

    /// <summary>A line cut short (a full disk, a killed process) is skipped, not the end of the report.</summary>
    private static UsageRecord? Parse(string line)
    {
        if (line.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(line, UsageJsonContext.Default.UsageRecord);
        }
        catch (JsonException)
        {
            return null;
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
            if (Parse(line) is { } record && record.At >= from && record.At < to)
            {
                yield return record;
            }
        }
    }
}
