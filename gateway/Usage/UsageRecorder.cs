using System.Threading.Channels;
using StackExchange.Redis;

namespace LlMesh.Gateway.Usage;

/// <summary>
/// Records each finished request's usage in the <see cref="IUsageStore"/> (a file in the data directory,
/// or Redis), written off the request path by a background writer.
/// </summary>
internal sealed class UsageRecorder : BackgroundService
{
    private readonly Channel<UsageRecord> _pending = Channel.CreateBounded<UsageRecord>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly IUsageStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<UsageRecorder> _logger;

    public UsageRecorder(IUsageStore store, TimeProvider timeProvider, ILogger<UsageRecorder> logger)
    {
        _store = store;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// How long a stop waits for the queued records to be written, on top of the host's shutdown time: Kestrel
    /// may have used all of that finishing long streams, and those streams' usage is what is queued.
    /// </summary>
    internal static TimeSpan FinalWriteTimeout { get; } = TimeSpan.FromSeconds(5);

    public void Record(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_pending.Writer.TryWrite(record))
        {
            UsageLog.RecordedTooLate(_logger, record.JobId);
            return;
        }

        UsageLog.Recorded(_logger, record.JobId, record.User, record.Model, record.PromptTokens, record.CompletionTokens);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Not the host's token: it may already be spent, and the final write below is what this stop is for.
        try
        {
            await base.StopAsync(CancellationToken.None).WaitAsync(FinalWriteTimeout, _timeProvider, CancellationToken.None);
        }
        catch (TimeoutException)
        {
            UsageLog.FinalWriteTimedOut(_logger, FinalWriteTimeout);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in ReadBatchesAsync(stoppingToken))
            {
                await WriteAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the server has finished its requests by now (it stops before the hosted services).
        }

        // What is still queued is written before the host ends, so a restart loses no usage.
        _pending.Writer.TryComplete();
        await foreach (var batch in ReadBatchesAsync(CancellationToken.None))
        {
            await WriteAsync(batch);
        }
    }

    /// <summary>A batch once taken is written whole, even while stopping; the stores' own timeouts bound it.</summary>
    private async Task WriteAsync(List<UsageRecord> batch)
    {
        try
        {
            await _store.AppendAsync(batch, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or RedisException or TimeoutException)
        {
            UsageLog.WriteFailed(_logger, batch.Count, ex);
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
