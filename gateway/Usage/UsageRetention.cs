using LlMesh.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Usage;

/// <summary>
/// Deletes usage older than <see cref="UsageOptions.Retention"/>, once an hour: left alone, a busy gateway's
/// usage grows by tens of megabytes a day for as long as it runs.
/// </summary>
internal sealed partial class UsageRetention(
    IUsageStore store,
    IOptionsMonitor<UsageOptions> options,
    TimeProvider timeProvider,
    ILogger<UsageRetention> logger) : HourlyService(timeProvider)
{
    internal override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var retention = options.CurrentValue.Retention;
        try
        {
            var purged = await store.PurgeAsync(TimeProvider.GetUtcNow() - retention, cancellationToken);
            if (purged > 0)
            {
                Log.Purged(logger, purged, retention.TotalDays);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A Redis outage, a file in use: the next hour tries again.
            Log.PurgeFailed(logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1505, Level = LogLevel.Information, Message = "Deleted {Count} usage files or entries older than {Days} days.")]
        public static partial void Purged(ILogger logger, long count, double days);

        [LoggerMessage(EventId = 1506, Level = LogLevel.Warning, Message = "Could not delete old usage; trying again in an hour.")]
        public static partial void PurgeFailed(ILogger logger, Exception exception);
    }
}
