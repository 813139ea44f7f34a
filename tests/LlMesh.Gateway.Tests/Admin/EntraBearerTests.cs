using LlMesh.Gateway.Admin;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Tests.Admin;

/// <summary>
/// The production wiring of Entra bearer tokens (the integration tests use a local issuer over HTTP, which
/// swaps the Entra issuer validator for an exact issuer; this checks what a real tenant gets).
/// </summary>
public sealed class EntraBearerTests
{
    private const string Tenant = "8f1c2d3e-0000-4000-8000-00000000a11c";
    private const string ClientId = "5d1c6b1e-1111-4222-8333-000000000abc";

    [Fact]
    public void RealTenant_GetsEntrasIssuerValidator_TheAppsAudiences_AndTheTokensOwnClaimNames()
    {
        var jwt = Configure(new() { ["ClientId"] = ClientId, ["TenantId"] = Tenant, ["Audience"] = "api://llmesh-admin" });

        Assert.Equal($"https://login.microsoftonline.com/{Tenant}/v2.0", jwt.Authority);
        Assert.True(jwt.RequireHttpsMetadata);
        Assert.False(jwt.MapInboundClaims);
        Assert.NotNull(jwt.TokenValidationParameters.IssuerValidator);
        Assert.Null(jwt.TokenValidationParameters.ValidIssuer);
        Assert.Equal(["api://llmesh-admin", ClientId, "api://" + ClientId], jwt.TokenValidationParameters.ValidAudiences);
    }

    [Fact]
    public void Instance_IsHonoured_ForSovereignClouds()
    {
        var jwt = Configure(new() { ["ClientId"] = ClientId, ["TenantId"] = Tenant, ["Instance"] = "https://login.microsoftonline.us" });

        Assert.Equal($"https://login.microsoftonline.us/{Tenant}/v2.0", jwt.Authority);
    }

    [Fact]
    public void AnyTenantAuthority_StopsStartUp()
    {
        using var provider = Services(new() { ["ClientId"] = ClientId, ["TenantId"] = "organizations" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EntraOptions>>().Value);
        Assert.Contains("AzureAd:TenantId", error.Message, StringComparison.Ordinal);
    }

    private static JwtBearerOptions Configure(Dictionary<string, string?> entra)
    {
        using var provider = Services(entra);
        return provider.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(AdminDefaults.EntraScheme);
    }

    private static ServiceProvider Services(Dictionary<string, string?> entra)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(entra.ToDictionary(kv => $"{AdminDefaults.EntraSection}:{kv.Key}", kv => kv.Value))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthentication().AddEntraBearer(configuration.GetSection(AdminDefaults.EntraSection), new AdminOptions());
        return services.BuildServiceProvider();
    }
}
