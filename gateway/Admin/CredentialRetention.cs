using LlMesh.State.Credentials;
using LlMesh.State.Documents;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Admin;

/// <summary>
/// Deletes keys and tokens revoked or expired longer than <see cref="AdminOptions.EndedCredentialRetention"/>
/// ago, once an hour: left alone they would stay in the state (every lookup index, every write, every
/// replica's copy) for ever. Their creation and revocation stay in the audit log.
/// </summary>
internal sealed partial class CredentialRetention(
    ICredentialStore credentials,
    StateStore state,
    IOptionsMonitor<AdminOptions> options,
    TimeProvider timeProvider,
    ILogger<CredentialRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        do
        {
            await PurgeAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    internal async Task PurgeAsync(CancellationToken cancellationToken)
    {
        if (!state.IsAvailable)
        {
            return;
        }

        try
        {
            var purged = await credentials.PurgeEndedAsync(timeProvider.GetUtcNow() - options.CurrentValue.EndedCredentialRetention, cancellationToken);
            if (purged > 0)
            {
                Log.Purged(logger, purged, options.CurrentValue.EndedCredentialRetention.TotalDays);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next hour tries again; the state store logs its own outages.
            Log.PurgeFailed(logger, ex);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1911, Level = LogLevel.Information, Message = "Deleted {Count} keys and tokens revoked or expired more than {Days} days ago.")]
        public static partial void Purged(ILogger logger, int count, double days);

        [LoggerMessage(EventId = 1912, Level = LogLevel.Warning, Message = "Could not delete ended keys and tokens; trying again in an hour.")]
        public static partial void PurgeFailed(ILogger logger, Exception exception);
    }
}
