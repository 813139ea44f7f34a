using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LlMesh.Configuration.Memory;

public static class MemoryServiceCollectionExtensions
{
    /// <summary>Gives heap memory back when the process goes idle, configured by the <c>Memory</c> subsection of <paramref name="parent"/>.</summary>
    public static IServiceCollection AddIdleMemoryTrim(this IServiceCollection services, IConfiguration parent)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(parent);
        services.AddOptions<MemoryOptions>().Bind(parent.GetSection(MemoryOptions.SubsectionName))
            .ValidateFluently<MemoryOptions, MemoryOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<IdleMemoryTrimmer>();
        return services;
    }
}
