using System.Net;
using LlMesh.Configuration;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway;

/// <summary>Believes <c>X-Forwarded-For</c>/<c>-Proto</c> from the proxies in <see cref="TrustedProxyOptions"/>, and from nobody else.</summary>
internal static class TrustedProxies
{
    /// <summary><c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> as the host's configuration sees it.</summary>
    private const string AspNetCoreSwitch = "ForwardedHeaders_Enabled";

    public static IServiceCollection AddLlMeshTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrustedProxyOptions>().Bind(configuration.GetSection(TrustedProxyOptions.SectionName))
            .ValidateFluently<TrustedProxyOptions, TrustedProxyOptionsValidator>();

        // Runs after ASP.NET Core's own set-up (ASPNETCORE_FORWARDEDHEADERS_ENABLED), so a configured list wins.
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, trusted) =>
        {
            if (!trusted.Value.Any)
            {
                return;
            }

            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = trusted.Value.ForwardLimit;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in trusted.Value.Addresses)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in trusted.Value.Networks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline, so everything after it (metrics access, throttling, audit) sees the caller's own
    /// address. With <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> ASP.NET Core has put the middleware in front
    /// already (with these options); a second pass would believe one more entry of the caller's own header.
    /// </summary>
    public static WebApplication UseLlMeshTrustedProxies(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value.Any
            && !string.Equals(app.Configuration[AspNetCoreSwitch], "true", StringComparison.OrdinalIgnoreCase))
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
