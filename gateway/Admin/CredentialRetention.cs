using LlMesh.Gateway.Hosting;
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
    ILogger<CredentialRetention> logger) : HourlyService(timeProvider)
{
    internal override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!state.IsAvailable)
        {
            return;
        }

        try
        {
            var purged = await credentials.PurgeEndedAsync(TimeProvider.GetUtcNow() - options.CurrentValue.EndedCredentialRetention, cancellationToken);
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

    private static partial class Log
    {
        [LoggerMessage(EventId = 1911, Level = LogLevel.Information, Message = "Deleted {Count} keys and tokens revoked or expired more than {Days} days ago.")]
        public static partial void Purged(ILogger logger, int count, double days);

        [LoggerMessage(EventId = 1912, Level = LogLevel.Warning, Message = "Could not delete ended keys and tokens; trying again in an hour.")]
        public static partial void PurgeFailed(ILogger logger, Exception exception);
    }
}
