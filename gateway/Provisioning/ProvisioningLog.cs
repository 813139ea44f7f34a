namespace LlMesh.Gateway.Provisioning;

internal static partial class ProvisioningLog
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Bootstrap {Kind} {CredentialId} for {User} is in place")]
    public static partial void Bootstrapped(ILogger logger, string kind, string credentialId, string user);
}
