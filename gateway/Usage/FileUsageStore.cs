using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LlMesh.State.Embedded;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Usage;

/// <summary>
/// Usage as JSON lines in the data directory: <c>usage.jsonl</c> holds today's records (UTC); the first write
/// of a new day renames it to <c>usage-yyyy-MM-dd.jsonl</c> after the day it was written on, so a report
/// reads only the days it covers and old days can be deleted (<see cref="PurgeAsync"/>). Records cannot be
/// older than the day of the file they are in by more than the writer's delay, except in a file that was
/// written for longer before this naming existed, which is named after the last day it was written on.
/// </summary>
internal sealed class FileUsageStore : IUsageStore, IDisposable
{
    private readonly string _directory;
    private readonly string _current;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>The UTC day the current file was started on, once known (read from the file's time at the first write).</summary>
    private DateOnly? _currentDay;

    public FileUsageStore(IOptions<EmbeddedStateOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directory = options.Value.DataDirectory;
        Directory.CreateDirectory(_directory);
        _current = Path.Combine(_directory, UsageFileNames.Current);
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Appends a batch as one write: the lines are serialized into memory first, so a batch costs one open
    /// and one write however many records it holds. The file is opened per batch, so it can also be moved
    /// away by someone else at any time; the next batch starts a new one.
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

        await _turn.WaitAsync(cancellationToken);
        try
        {
            StartTodaysFile();
            await using var file = new FileStream(_current, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            await file.WriteAsync(lines.WrittenMemory, cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    public async IAsyncEnumerable<UsageRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Which files, and the current one opened, in one turn: a day's file renamed during the read is read once, under either name.
        List<PastDayFile> pastDays;
        FileStream? current;
        await _turn.WaitAsync(cancellationToken);
        try
        {
            // The day before too: a record that ended just before midnight can be written just after it.
            var firstDay = DateOnly.FromDateTime(from.UtcDateTime).AddDays(-1);
            pastDays = [.. PastDays().Where(f => f.Day >= firstDay).OrderBy(f => f.Day).ThenBy(f => f.Sequence)];
            current = OpenForReading(_current);
        }
        finally
        {
            _turn.Release();
        }

        try
        {
            foreach (var pastDay in pastDays)
            {
                // Deleted meanwhile (retention): it held nothing this range needs.
                if (OpenForReading(Path.Combine(_directory, pastDay.Name)) is not { } file)
                {
                    continue;
                }

                await foreach (var record in ReadAsync(file, from, to, cancellationToken))
                {
                    yield return record;
                }
            }

            if (current is not null)
            {
                await foreach (var record in ReadAsync(current, from, to, cancellationToken))
                {
                    yield return record;
                }
            }
        }
        finally
        {
            current?.Dispose();
        }
    }

    /// <summary>Deletes the files of days that ended before <paramref name="before"/>; a current file from an earlier day is renamed first.</summary>
    public async Task<long> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var lastKept = DateOnly.FromDateTime(before.UtcDateTime);
        var deleted = 0L;
        await _turn.WaitAsync(cancellationToken);
        try
        {
            StartTodaysFile();
            foreach (var pastDay in PastDays().Where(f => f.Day < lastKept))
            {
                File.Delete(Path.Combine(_directory, pastDay.Name));
                deleted++;
            }
        }
        finally
        {
            _turn.Release();
        }

        return deleted;
    }

    public void Dispose() => _turn.Dispose();

    /// <summary>Renames the current file after its day once that day is over (the clock set back renames nothing).</summary>
    private void StartTodaysFile()
    {
        var today = DateOnly.FromDateTime(_timeProvider.GetUtcNow().UtcDateTime);
        if (!File.Exists(_current))
        {
            _currentDay = today;
            return;
        }

        var day = _currentDay ??= DateOnly.FromDateTime(File.GetLastWriteTimeUtc(_current));
        if (day >= today)
        {
            return;
        }

        var sequence = 0;
        while (File.Exists(Path.Combine(_directory, UsageFileNames.ForDay(day, sequence))))
        {
            sequence++;
        }

        File.Move(_current, Path.Combine(_directory, UsageFileNames.ForDay(day, sequence)));
        _currentDay = today;
    }

    private IEnumerable<PastDayFile> PastDays()
    {
        foreach (var path in Directory.EnumerateFiles(_directory, UsageFileNames.PastDaysPattern))
        {
            if (UsageFileNames.TryParse(Path.GetFileName(path), out var file))
            {
                yield return file;
            }
        }
    }

    private static FileStream? OpenForReading(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static async IAsyncEnumerable<UsageRecord> ReadAsync(FileStream file, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(file);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (Parse(line) is { } record && record.At >= from && record.At < to)
            {
                yield return record;
            }
        }
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
}
