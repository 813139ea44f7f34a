using LlMesh.Configuration;
using LlMesh.Configuration.Memory;
using LlMesh.Tunnel.Protocol;
using LlMesh.Tunnel.Server;
using LlMesh.TunnelAgent.Backends;
using LlMesh.TunnelAgent.Forwarding;
using LlMesh.TunnelAgent.Observability;
using LlMesh.TunnelAgent.Tunnel;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace LlMesh.TunnelAgent.Hosting;

/// <summary>
/// Builds the agent: a Kestrel server that listens on no port, only on the tunnels it dials out, and
/// serves HTTP/2 to the gateway over them.
/// </summary>
internal static class AgentHost
{
    public static WebApplication Build(string[] args)
    {
        // Settings files are found beside the program, whatever the current directory (a service manager's, say).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var services = builder.Services;
        services.AddOptions<AgentOptions>().Bind(builder.Configuration.GetSection(AgentOptions.SectionName))
            .ValidateFluently<AgentOptions, AgentOptionsValidator>();
        services.AddSingleton<IPostConfigureOptions<AgentOptions>, AgentTokenFile>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AgentInstance>();
        services.AddSingleton<BackendCatalog>();
        services.AddHttpClient<BackendDiscoverer>(http => http.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<DiscoveryService>();
        services.AddHostedService(sp => sp.GetRequiredService<DiscoveryService>());
        services.AddSingleton<GatewayRotation>();
        services.AddSingleton<TunnelConnector>();
        services.AddSingleton<TunnelConnectionListenerFactory>();
        services.AddSingleton<IConnectionListenerFactory>(sp => sp.GetRequiredService<TunnelConnectionListenerFactory>());
        services.AddHostedService<TunnelDialer>();
        services.AddSingleton<BackendHttpClient>();
        services.AddSingleton<BackendForwardingEndpoint>();
        services.AddSingleton<InFlightJobs>();
        services.AddSingleton<IWorkInProgress>(sp => sp.GetRequiredService<InFlightJobs>());
        services.AddSingleton<DrainNotifier>();
        services.AddHttpClient(nameof(DrainNotifier));
        services.AddHttpForwarder();
        builder.AddLlMeshAgentObservability();

        var agentSection = builder.Configuration.GetSection(AgentOptions.SectionName);
        services.AddIdleMemoryTrim(agentSection);

        // Graceful drain: the host's shutdown waits this long for running jobs (Kestrel finishes open streams).
        var drain = agentSection.GetValue(nameof(AgentOptions.DrainTimeout), TimeSpan.FromMinutes(5));
        services.Configure<HostOptions>(host => host.ShutdownTimeout = drain);
        var ping = agentSection.GetValue(nameof(AgentOptions.PingInterval), TimeSpan.FromSeconds(15));
        var pingTimeout = agentSection.GetValue(nameof(AgentOptions.PingTimeout), TimeSpan.FromSeconds(15));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // Slow generations are normal; the gateway's timeouts decide, not Kestrel's.
            // An idle tunnel must stay open. Kestrel closes an HTTP/2 connection at once when this is
            // InfiniteTimeSpan or MaxValue (both seen here), so "never" is spelled as a year.
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromDays(365);
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.Http2.KeepAlivePingDelay = ping;
            kestrel.Limits.Http2.KeepAlivePingTimeout = pingTimeout;
            kestrel.Listen(new TunnelEndPoint("gateway"), listen => listen.Protocols = HttpProtocols.Http2);
        });

        var app = builder.Build();
        app.MapGet(TunnelProtocol.CapabilitiesPath, (BackendCatalog catalog) => Results.Json(catalog.Snapshot(), TunnelJsonContext.Default.AgentCapabilities));
        var forwarding = app.Services.GetRequiredService<BackendForwardingEndpoint>();
        app.Map(TunnelProtocol.BackendsPathPrefix + "/{backend}/{**path}", forwarding.HandleAsync);

        var drainNotifier = app.Services.GetRequiredService<DrainNotifier>();
        app.Lifetime.ApplicationStopping.Register(drainNotifier.Notify);

        // Fail fast on bad options, before any tunnel is dialled.
        _ = app.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
        return app;
    }
}
