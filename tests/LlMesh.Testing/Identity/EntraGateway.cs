using LlMesh.Testing.Processes;

namespace LlMesh.Testing.Identity;

/// <summary>A gateway process whose Entra ID settings point at a <see cref="LocalOidcIssuer"/> of its own.</summary>
public sealed class EntraGateway : IAsyncDisposable
{
    private readonly TempDirectory _data = new();

    private EntraGateway(LocalOidcIssuer issuer) => Issuer = issuer;

    public LocalOidcIssuer Issuer { get; }

    public GatewayProcess Gateway { get; private set; } = null!;

    /// <param name="webSignIn">Also give the client secret, which turns on signing in to the portal with Entra.</param>
    public static async Task<EntraGateway> StartAsync(string clientId, bool webSignIn)
    {
        var entra = new EntraGateway(await LocalOidcIssuer.StartAsync());
        entra.Gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            DataDirectory = entra._data.Path,
            Environment = entra.Issuer.GatewaySettings(clientId, webSignIn),
        });
        return entra;
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        await Issuer.DisposeAsync();
        _data.Dispose();
    }
}
