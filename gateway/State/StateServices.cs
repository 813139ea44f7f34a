using LlMesh.Configuration;
using LlMesh.State.Accounts;
using LlMesh.State.Aliases;
using LlMesh.State.Audit;
using LlMesh.State.Credentials;
using LlMesh.State.Documents;
using LlMesh.State.Embedded;
using LlMesh.State.RateLimits;
using LlMesh.State.Redis;
using LlMesh.State.Redis.RateLimits;
using LlMesh.State.Users;
using StackExchange.Redis;

namespace LlMesh.Gateway.State;

internal static class StateServices
{
    public const string RedisConnectionName = "Redis";

    /// <summary>
    /// The state store: Redis when <c>ConnectionStrings:Redis</c> is set (every replica shares it),
    /// else the embedded default in the data directory. Credentials, users and aliases are views over it;
    /// the audit log and the rate-limit counts follow the same choice.
    /// </summary>
    public static IServiceCollection AddLlMeshState(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<EmbeddedStateOptions>().Bind(configuration.GetSection(GatewayServices.LlMeshSection));
        if (configuration.GetConnectionString(RedisConnectionName) is { Length: > 0 } redis)
        {
            services.AddOptions<RedisStateOptions>().Bind(configuration.GetSection(RedisStateOptions.SectionName))
                .ValidateFluently<RedisStateOptions, RedisStateOptionsValidator>();
            services.AddSingleton(_ => RedisConnection.ConnectAsync(redis).GetAwaiter().GetResult());
            services.AddSingleton<RedisState>();
            services.AddSingleton<StateStore>(sp => sp.GetRequiredService<RedisState>());
            services.AddSingleton<IAuditLog, RedisAuditLog>();
            services.AddSingleton<IRateLimitCounter, RedisRateLimitCounter>();

            // First hosted service: the state is read before the bootstrapper or anything else uses it.
            services.AddHostedService<RedisStateStarter>();
        }
        else
        {
            services.AddSingleton<EmbeddedState>();
            services.AddSingleton<StateStore>(sp => sp.GetRequiredService<EmbeddedState>());
            services.AddSingleton<IAuditLog, FileAuditLog>();
            services.AddSingleton<IRateLimitCounter, InMemoryRateLimitCounter>();
        }

        services.AddSingleton<ICredentialStore>(sp => new DocumentCredentialStore(sp.GetRequiredService<StateStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IUserStore, DocumentUserStore>();
        services.AddSingleton<IAliasStore, DocumentAliasStore>();
        services.AddSingleton<IAccountStore, DocumentAccountStore>();
        services.AddHealthChecks().AddCheck<StateStoreHealthCheck>("state-store", tags: [StateStoreHealthCheck.ReadyTag]);
        return services;
    }
}
