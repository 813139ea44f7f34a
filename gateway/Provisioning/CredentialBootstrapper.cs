using LlMesh.State.Credentials;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Provisioning;

/// <summary>Makes sure the configured bootstrap credentials exist before the gateway takes traffic.</summary>
internal sealed class CredentialBootstrapper(
    ICredentialStore store,
    IOptions<BootstrapOptions> options,
    ILogger<CredentialBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var key in options.Value.ApiKeys)
        {
            var credential = await store.AddAsync(CredentialKind.ApiKey, key.Key, key.User, key.Name, cancellationToken);
            ProvisioningLog.Bootstrapped(logger, "API key", credential.Id, credential.User);
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
