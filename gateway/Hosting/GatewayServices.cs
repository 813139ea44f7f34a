using LlMesh.Configuration;
using LlMesh.Configuration.Memory;
using LlMesh.Gateway.Admin;
using LlMesh.Gateway.Admission;
using LlMesh.Gateway.Authentication;
using LlMesh.Gateway.Forwarding;
using LlMesh.Gateway.Models;
using LlMesh.Gateway.Observability;
using LlMesh.Gateway.Provisioning;
using LlMesh.Gateway.Replicas;
using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.State;
using LlMesh.Gateway.Streaming;
using LlMesh.Gateway.Usage;
using LlMesh.Gateway.Tunnel;
using LlMesh.Gateway.Workers;
using Microsoft.AspNetCore.Authentication;
using Yarp.ReverseProxy.Forwarder;

namespace LlMesh.Gateway;

internal static class GatewayServices
{
    public const string LlMeshSection = "LlMesh";

    public static WebApplicationBuilder AddLlMeshGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        // Settings saved from the portal: the last configuration source, fed from the state document.
        var savedSettings = new Settings.StateSettingsConfigurationSource();
        ((IConfigurationBuilder)builder.Configuration).Add(savedSettings);
        services.AddSingleton(savedSettings);

        services.AddLlMeshState(configuration);
        services.AddHostedService<Settings.StateSettingsFeed>();
        services.AddLlMeshAdmin(configuration);
        services.AddOptions<AdmissionOptions>().Bind(configuration.GetSection(AdmissionOptions.SectionName))
            .ValidateFluently<AdmissionOptions, AdmissionOptionsValidator>();
        services.AddOptions<TunnelOptions>().Bind(configuration.GetSection(TunnelOptions.SectionName))
            .ValidateFluently<TunnelOptions, TunnelOptionsValidator>();
        services.AddOptions<DispatchOptions>().Bind(configuration.GetSection(DispatchOptions.SectionName))
            .ValidateFluently<DispatchOptions, DispatchOptionsValidator>();
        services.AddOptions<LongRunOptions>().Bind(configuration.GetSection(LongRunOptions.SectionName))
            .ValidateFluently<LongRunOptions, LongRunOptionsValidator>();
        services.AddOptions<BootstrapOptions>().Bind(configuration.GetSection(BootstrapOptions.SectionName))
            .ValidateFluently<BootstrapOptions, BootstrapOptionsValidator>();

        services.AddHostedService<CredentialBootstrapper>();
        services.AddLlMeshTrustedProxies(configuration);

        // A stop lets running jobs finish for DrainTimeout: the host waits that long for Kestrel's open
        // requests, among them the agents' tunnels, which stay up until their jobs are done.
        services.AddOptions<ShutdownOptions>().Bind(configuration.GetSection(ShutdownOptions.SectionName))
            .ValidateFluently<ShutdownOptions, ShutdownOptionsValidator>();
        services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<ShutdownOptions>>(
            (host, shutdown) => host.ShutdownTimeout = shutdown.Value.DrainTimeout);

        services.AddOptions<MeshOptions>().Bind(configuration.GetSection(MeshOptions.SectionName))
            .ValidateFluently<MeshOptions, MeshOptionsValidator>();
        services.AddSingleton<ReplicaDirectory>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplicaDirectory>());
        services.AddSingleton<ClaimedSlots>();
        services.AddSingleton<SharedQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<SharedQueue>());
        services.AddSingleton<WorkerRegistry>();
        services.AddSingleton<Live.LiveJobs>();
        services.AddSingleton<IWorkInProgress>(sp => sp.GetRequiredService<Live.LiveJobs>());
        services.AddSingleton<JobScheduler>();
        services.AddSingleton<TargetResolver>();
        builder.AddLlMeshObservability();
        services.AddIdleMemoryTrim(configuration.GetSection(LlMeshSection));
        services.AddOptions<UsageOptions>().Bind(configuration.GetSection(UsageOptions.SectionName))
            .ValidateFluently<UsageOptions, UsageOptionsValidator>();
        if (configuration.GetConnectionString(StateServices.RedisConnectionName) is { Length: > 0 })
        {
            services.AddSingleton<IUsageStore, RedisUsageStore>();
        }
        else
        {
            services.AddSingleton<IUsageStore, FileUsageStore>();
        }

        services.AddSingleton<UsageRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<UsageRecorder>());
        services.AddHostedService<UsageRetention>();
        services.AddSingleton<RateLimits.RateLimitGate>();
        services.AddSingleton<TunnelClient>();
        services.AddSingleton<CapabilitiesClient>();
        services.AddSingleton<AgentSessionRunner>();
        services.AddSingleton<TunnelEndpoint>();
        services.AddSingleton<DrainEndpoint>();
        services.AddSingleton<ModelsEndpoint>();

        // No default scheme: only endpoints that ask for the API-key policy authenticate (the tunnel checks client tokens itself).
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, configureOptions: null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.Policy, policy => policy.AddAuthenticationSchemes(ApiKeyDefaults.Scheme).RequireAuthenticatedUser());

        var tunnelOptions = configuration.GetSection(TunnelOptions.SectionName).Get<TunnelOptions>() ?? new TunnelOptions();
        services.AddReverseProxy()
            .LoadFromMemory(ProxyRoutes.Routes(), ProxyRoutes.Clusters(tunnelOptions))
            .AddTransforms(WorkerRequestTransforms.Apply);
        services.AddSingleton<IForwarderHttpClientFactory, TunnelHttpClientFactory>();
        return builder;
    }
}
