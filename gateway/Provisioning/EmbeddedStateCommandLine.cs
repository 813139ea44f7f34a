using LlMesh.State.Embedded;
using Microsoft.Extensions.Options;

namespace LlMesh.Gateway.Provisioning;

internal static class EmbeddedStateCommandLine
{
    /// <summary>Opens the same state the gateway uses, found from the same configuration sources.</summary>
    public static EmbeddedState Open(string[] configurationArgs)
    {
        var builder = Host.CreateApplicationBuilder(configurationArgs);
        var options = new EmbeddedStateOptions();
        builder.Configuration.GetSection(GatewayServices.LlMeshSection).Bind(options);
        return new EmbeddedState(Options.Create(options));
    }
}
