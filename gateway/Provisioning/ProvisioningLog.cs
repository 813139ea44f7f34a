namespace LlMesh.Gateway.Provisioning;

internal static partial class ProvisioningLog
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Bootstrap {Kind} {CredentialId} for {User} is in place")]
    public static partial void Bootstrapped(ILogger logger, string kind, string credentialId, string user);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "No API keys yet, so every /v1 call is refused. Create one: dotnet run --project gateway -- keys create --user <you>")]
    public static partial void NoApiKeys(ILogger logger);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "The state store cannot be reached; bootstrap credentials will be applied once it can")]
    public static partial void BootstrapDeferred(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Warning, Message = "The state store cannot be reached yet; the configured keys, tokens, users and aliases are applied in the background once it can")]
    public static partial void BootstrapWaiting(ILogger logger);
}
