using System.Text.Json;
using System.Threading.Channels;
using LlMesh.State.Embedded;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Usage;

/// <summary>
/// Records each finished request's usage: appended as one JSON line to <c>usage.jsonl</c> in the data
/// directory (embedded default), written off the request path by a background writer.
/// </summary>
internal sealed class UsageRecorder : BackgroundService
{
    private readonly Channel<UsageRecord> _pending = Channel.CreateBounded<UsageRecord>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly string _path;
    private readonly ILogger<UsageRecorder> _logger;

    public UsageRecorder(IOptions<EmbeddedStateOptions> options, ILogger<UsageRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.Value.DataDirectory);
        _path = Path.Combine(options.Value.DataDirectory, "usage.jsonl");
        _logger = logger;
    }

    public void Record(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _pending.Writer.TryWrite(record);
        UsageLog.Recorded(_logger, record.JobId, record.User, record.Model, record.PromptTokens, record.CompletionTokens);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in ReadBatchesAsync(stoppingToken))
            {
                await using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                foreach (var record in batch)
                {
                    await JsonSerializer.SerializeAsync(file, record, UsageJsonContext.Default.UsageRecord, stoppingToken);
                    file.WriteByte((byte)'\n');
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async IAsyncEnumerable<List<UsageRecord>> ReadBatchesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _pending.Reader.WaitToReadAsync(cancellationToken))
        {
            var batch = new List<UsageRecord>();
            while (batch.Count < 1000 && _pending.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            yield return batch;
        }
    }
}
