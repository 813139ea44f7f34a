using LlMesh.State.Aliases;
using LlMesh.State.Credentials;
using LlMesh.State.Users;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Provisioning;

/// <summary>Makes sure the configured bootstrap credentials exist before the gateway takes traffic.</summary>
internal sealed class CredentialBootstrapper(
    ICredentialStore store,
    IUserStore users,
    IAliasStore aliases,
    IOptions<BootstrapOptions> options,
    ILogger<CredentialBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var key in options.Value.ApiKeys)
        {
            var credential = await store.AddAsync(CredentialKind.ApiKey, key.Key, key.User, key.Name, cancellationToken);
            await store.UpdateAsync(
                credential.Id,
                c => c with { DefaultPriority = key.DefaultPriority, MaxPriority = key.MaxPriority, RejectAboveMaxPriority = key.RejectAboveMaxPriority },
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
