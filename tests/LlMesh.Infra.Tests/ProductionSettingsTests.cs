using LlMesh.Infra.Tests.Manifests;
using LlMesh.Infra.Tests.Settings;

namespace LlMesh.Infra.Tests;

public sealed class ProductionSettingsTests
{
    [Fact]
    public void EverySetting_IsBoundByTheGateway()
    {
        var unbound = ProductionSettings.Keys.Where(k => !KnownSettings.Gateway.Binds(k)).ToArray();

        Assert.True(unbound.Length == 0, $"appsettings.Production.json sets {string.Join(", ", unbound)}, which no gateway option binds");
    }

    [Fact]
    public void Urls_ListenOnOnePort()
    {
        // Every manifest checks its ports against this one.
        Assert.InRange(ProductionSettings.Port, 1, 65535);
    }
}
