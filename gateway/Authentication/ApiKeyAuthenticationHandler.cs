using System.Security.Claims;
using System.Text.Encodings.Web;
using LlMesh.Gateway.Errors;
using LlMesh.Gateway.Replicas;
using LlMesh.State.Credentials;
using LlMesh.State.Documents;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Authentication;

/// <summary>
/// Authenticates <c>/v1</c> callers by API key, from <c>Authorization: Bearer</c> (OpenAI SDKs and recent
/// Anthropic SDKs) or <c>x-api-key</c> (Anthropic). Refusals are written in the caller's API format.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ICredentialStore credentials,
    StateStore state,
    IOptions<MeshOptions> mesh)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string ErrorItem = "llmesh:auth-error";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.TryGetValue(RelayProtocol.SecretHeader, out var relaySecret))
        {
            return await AuthenticateRelayAsync(relaySecret.ToString());
        }

        var secret = ReadPresentedKey(Request);
        if (secret is null)
        {
            Context.Items[ErrorItem] = ApiError.MissingApiKey();
            return AuthenticateResult.NoResult();
        }

        // Judging a key against state this replica may no longer share (a revocation it missed) is worse than a 503.
        if (!state.IsAvailable)
        {
            Context.Items[ErrorItem] = ApiError.StateUnavailable();
            return AuthenticateResult.Fail("State store unavailable.");
        }

        var credential = await credentials.FindBySecretAsync(CredentialKind.ApiKey, secret, Context.RequestAborted);
        if (credential is null)
        {
            Context.Items[ErrorItem] = ApiError.InvalidApiKey();
            AuthenticationLog.ApiKeyRejected(Logger, Context.Connection.RemoteIpAddress, Request.Path);
            return AuthenticateResult.Fail("Invalid API key.");
        }

        return Success(credential);
    }

    /// <summary>
    /// A request another replica relays: the mesh secret proves where it comes from; the caller's key
    /// (by id, never the key itself) is loaded from the shared state, so a revoked key stops here too.
    /// </summary>
    private async Task<AuthenticateResult> AuthenticateRelayAsync(string relaySecret)
    {
        if (!RelayProtocol.SecretMatches(mesh.Value.Secret, relaySecret))
        {
            ReplicasLog.BadRelaySecret(Logger, Context.Connection.RemoteIpAddress?.ToString());
            Context.Items[ErrorItem] = ApiError.InvalidApiKey();
            return AuthenticateResult.Fail("Invalid mesh secret.");
        }

        if (!state.IsAvailable)
        {
            Context.Items[ErrorItem] = ApiError.StateUnavailable();
            return AuthenticateResult.Fail("State store unavailable.");
        }

        var credential = await credentials.FindByIdAsync(Request.Headers[RelayProtocol.KeyIdHeader].ToString(), Context.RequestAborted);
        if (credential is null || credential.Kind != CredentialKind.ApiKey)
        {
            Context.Items[ErrorItem] = ApiError.InvalidApiKey();
            return AuthenticateResult.Fail("Relayed for an unknown or revoked API key.");
        }

        Context.Features.Set(new RelayedRequest(Request.Headers[RelayProtocol.OriginHeader].ToString()));
        return Success(credential);
    }

    private AuthenticateResult Success(Credential credential)
    {
        Context.Features.Set(new ApiCaller(credential));
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, credential.User), new Claim(ApiKeyDefaults.KeyIdClaim, credential.Id)],
            ApiKeyDefaults.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyDefaults.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiErrorWriter.WriteAsync(Context, Context.Items[ErrorItem] as ApiError ?? ApiError.MissingApiKey());

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrorWriter.WriteAsync(Context, ApiError.Forbidden("This API key may not use this endpoint."));

    internal static string? ReadPresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = authorization["Bearer ".Length..].Trim();
            return token.Length > 0 ? token : null;
        }

        var apiKey = request.Headers["x-api-key"].ToString().Trim();
        return apiKey.Length > 0 ? apiKey : null;
    }
}
