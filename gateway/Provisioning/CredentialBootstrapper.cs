using LlMesh.State.Aliases;
using LlMesh.State.Credentials;
using LlMesh.State.Documents;
using LlMesh.State.Users;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using StackExchange.Redis;

namespace LlMesh.Gateway.Provisioning;

/// <summary>
/// Makes sure the configured bootstrap credentials exist before the gateway takes traffic. When the
/// state store (Redis) cannot be reached at start-up, the gateway starts anyway (answering 503) and
/// the bootstrap retries in the background until Redis is back.
/// </summary>
internal sealed class CredentialBootstrapper(
    StateStore state,
    ICredentialStore store,
    IUserStore users,
    IAliasStore aliases,
    IOptions<BootstrapOptions> options,
    TimeProvider timeProvider,
    ILogger<CredentialBootstrapper> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _retrying = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Redis known to be down: no attempt that would only wait out the client's timeout before the gateway listens.
        if (!state.IsAvailable)
        {
            ProvisioningLog.BootstrapWaiting(logger);
            RetryInBackground();
            return;
        }

        try
        {
            await ApplyAsync(cancellationToken);
        }
        catch (Exception ex) when (IsStoreUnreachable(ex))
        {
            ProvisioningLog.BootstrapDeferred(logger, ex);
            RetryInBackground();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _retrying.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopped before Redis came back; the next start bootstraps.
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Until the store answers: every 1 s at first, then at most every 5 s, so Redis coming back is noticed soon.</summary>
    private void RetryInBackground()
    {
        var retry = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsStoreUnreachable),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(5),
                UseJitter = true,
            })
            .Build();
        _retrying = Task.Run(async () => await retry.ExecuteAsync(ApplyAsync, _stopping.Token), CancellationToken.None);
    }

    private static bool IsStoreUnreachable(Exception ex) => ex is RedisException or TimeoutException;

    private async ValueTask ApplyAsync(CancellationToken cancellationToken)
    {
        foreach (var key in options.Value.ApiKeys)
        {
            var credential = await store.AddAsync(CredentialKind.ApiKey, key.Key, key.User, key.Name, cancellationToken);
            await store.UpdateAsync(
                credential.Id,
                c => c with
                {
                    DefaultPriority = key.DefaultPriority,
                    MaxPriority = key.MaxPriority,
                    RejectAboveMaxPriority = key.RejectAboveMaxPriority,
                    RequestsPerMinute = key.RequestsPerMinute,
                    TokensPerMinute = key.TokensPerMinute,
                },
                cancellationToken);
            ProvisioningLog.Bootstrapped(logger, "API key", credential.Id, credential.User);
        }

        foreach (var user in options.Value.Users)
        {
            await users.SetAsync(new UserRecord(user.Name, user.SendIsolated, user.ReceiveIsolated), cancellationToken);
        }

        foreach (var alias in options.Value.Aliases)
        {
            var tiers = alias.Tiers.Select(t => (IReadOnlyList<string>)t.Where(m => !string.IsNullOrWhiteSpace(m)).ToArray()).Where(t => t.Count > 0).ToArray();
            await aliases.SetAsync(new AliasRecord(alias.Name, tiers), cancellationToken);
        }

        foreach (var token in options.Value.ClientTokens)
        {
            var credential = await store.AddAsync(CredentialKind.ClientToken, token.Token, token.User, token.Name, cancellationToken);
            ProvisioningLog.Bootstrapped(logger, "client token", credential.Id, credential.User);
        }

        if ((await store.ListAsync(CredentialKind.ApiKey, cancellationToken)).All(c => !c.IsActive))
        {
            ProvisioningLog.NoApiKeys(logger);
        }
    }
}
