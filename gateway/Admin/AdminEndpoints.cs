using LlMesh.State.Credentials;

namespace LlMesh.Gateway.Admin;

internal static class AdminEndpoints
{
    /// <summary>The admin REST API under <see cref="AdminDefaults.RoutePrefix"/>.</summary>
    public static void MapLlMeshAdmin(this WebApplication app)
    {
        app.UseRateLimiter();
        var api = app.MapGroup(AdminDefaults.RoutePrefix).WithMetadata(new AdminBodyLimit());
        SessionEndpoints.Map(api);
        CredentialEndpoints.Map(api, "/keys", CredentialKind.ApiKey);
        CredentialEndpoints.Map(api, "/tokens", CredentialKind.ClientToken);
        DirectoryEndpoints.Map(api);
        Live.LiveEndpoints.Map(api);
        Settings.SettingsEndpoints.Map(api);
        Usage.UsageEndpoints.Map(api);
    }
}
