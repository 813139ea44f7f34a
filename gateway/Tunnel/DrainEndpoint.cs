using LlMesh.Gateway.Authentication;
using LlMesh.Gateway.Workers;
using LlMesh.State.Credentials;
using LlMesh.Tunnel.Protocol;

namespace LlMesh.Gateway.Tunnel;

/// <summary>
/// <c>POST /_llmesh/tunnel/drain</c>: an agent that got SIGTERM asks for no new jobs; its running jobs
/// finish over its open tunnels. Authenticated with the agent's client token.
/// </summary>
internal sealed class DrainEndpoint(ICredentialStore credentials, WorkerRegistry registry, ILogger<DrainEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var secret = ApiKeyAuthenticationHandler.ReadPresentedKey(context.Request);
        var credential = secret is null ? null : await credentials.FindBySecretAsync(CredentialKind.ClientToken, secret, context.RequestAborted);
        if (credential is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var instanceId = context.Request.Headers[TunnelProtocol.AgentInstanceHeader].ToString();
        if (!registry.TryGetSession(instanceId, out var session) || session.Owner != credential.User)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        session.Draining = true;
        registry.Publish();
        TunnelLog.AgentDraining(logger, session.AgentName, session.InstanceId);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
