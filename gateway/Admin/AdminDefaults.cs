namespace LlMesh.Gateway.Admin;

/// <summary>Names the admin API's authentication and authorization use.</summary>
internal static class AdminDefaults
{
    public const string RoutePrefix = "/admin/api";

    /// <summary>The portal session: an HttpOnly, SameSite=Strict cookie set by login or the first-run setup.</summary>
    public const string CookieScheme = "llmesh-portal";

    public const string CookieName = "llmesh.portal";

    public const string AntiforgeryCookieName = "llmesh.xsrf";

    /// <summary>Header that carries the anti-forgery token on every state change.</summary>
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    /// <summary>Entra ID bearer tokens (when <c>AzureAd</c> is configured): for the portal's Entra sign-in and for automation.</summary>
    public const string EntraScheme = "llmesh-entra";

    /// <summary>Portal sign-in with Entra ID (OpenID Connect, authorization code flow) when <c>AzureAd:ClientSecret</c> is configured too.</summary>
    public const string EntraSignInScheme = "llmesh-entra-signin";

    /// <summary>Claim that marks a portal session that came from Entra ID sign-in.</summary>
    public const string SourceClaim = "llmesh:source";

    public const string EntraSource = "entra";

    /// <summary>A session signed in with a local account's password.</summary>
    public const string LocalSource = "local";

    /// <summary>Claim with the account's <see cref="LlMesh.State.Accounts.PortalAccount.SessionStamp"/> when the session began.</summary>
    public const string SessionStampClaim = "llmesh:stamp";

    /// <summary>Configuration section of the Entra ID app registration (the name Microsoft.Identity.Web uses; see <see cref="EntraOptions"/>).</summary>
    public const string EntraSection = "AzureAd";

    /// <summary>Any signed-in portal user.</summary>
    public const string MemberPolicy = "llmesh-portal-member";

    public const string AdminPolicy = "llmesh-portal-admin";

    public const string AdminRole = "admin";

    public const string MemberRole = "member";

    /// <summary>Rate-limiter policy on login and setup: throttles password guessing per client address.</summary>
    public const string LoginLimiter = "llmesh-portal-login";
}
