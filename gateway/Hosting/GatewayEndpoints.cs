using LlMesh.Gateway.Admin;
using LlMesh.Gateway.Admission;
using LlMesh.Gateway.Authentication;
using LlMesh.Gateway.Errors;
using LlMesh.Gateway.Forwarding;
using LlMesh.Gateway.Models;
using LlMesh.Gateway.Observability;
using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.State;
using LlMesh.Gateway.Tunnel;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using LlMesh.Tunnel.Protocol;

namespace LlMesh.Gateway;

internal static class GatewayEndpoints
{
    public static WebApplication MapLlMeshGateway(this WebApplication app)
    {
        app.UseLlMeshTrustedProxies();
        app.UseLlMeshObservability();
        app.UseWebSockets();
        app.MapLlMeshPortal();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapLlMeshAdmin();

        var tunnel = app.Services.GetRequiredService<TunnelEndpoint>();
        app.Map(TunnelProtocol.TunnelPath, tunnel.HandleAsync);
        app.MapPost(TunnelProtocol.DrainPath, app.Services.GetRequiredService<DrainEndpoint>().HandleAsync);

        // On SIGTERM: queued jobs fail cleanly, running ones finish (tunnels stay until they are done).
        var scheduler = app.Services.GetRequiredService<JobScheduler>();
        app.Lifetime.ApplicationStopping.Register(scheduler.Stop);

        var models = app.Services.GetRequiredService<ModelsEndpoint>();
        app.MapGet("/v1/models", models.HandleListAsync).RequireAuthorization(ApiKeyDefaults.Policy);
        app.MapGet("/v1/models/slots", models.HandleSlotsAsync).RequireAuthorization(ApiKeyDefaults.Policy);
        app.MapGet("/v1/models/{**id}", models.HandleGetAsync).RequireAuthorization(ApiKeyDefaults.Policy);

        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseMiddleware<AdmissionMiddleware>();
            pipeline.UseMiddleware<DispatchMiddleware>();
        });

        app.Map("/v1/{**rest}", context => ApiErrorWriter.WriteAsync(context, new ApiError(
            StatusCodes.Status404NotFound, $"Unknown endpoint: {context.Request.Method} {context.Request.Path}.", "unknown_endpoint")));

        // Alive: the process answers. Ready: it can also reach its state store (what a load balancer should route by).
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(StateStoreHealthCheck.ReadyTag) });
        return app;
    }
}
