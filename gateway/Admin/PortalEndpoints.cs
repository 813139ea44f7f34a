using Microsoft.Extensions.FileProviders;

namespace LlMesh.Gateway.Admin;

/// <summary>
/// The portal: static files (HTML, one JavaScript module, CSS) from <c>wwwroot/portal</c>, embedded
/// in the gateway so they are served the same from a build, a publish or a single native file. They
/// talk only to the admin API. Strict security headers: no inline script, no framing, no referrer.
/// </summary>
internal static class PortalEndpoints
{
    public const string Path = "/portal";

    public static void MapLlMeshPortal(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Path) || context.Request.Path.StartsWithSegments(AdminDefaults.RoutePrefix))
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-store";
            }

            if (context.Request.Path.Value == Path)
            {
                context.Response.Redirect(Path + "/");
                return;
            }

            await next(context);
        });

        var files = new EmbeddedFileProvider(typeof(PortalEndpoints).Assembly, "LlMesh.Gateway.portal");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = Path });
    }
}
