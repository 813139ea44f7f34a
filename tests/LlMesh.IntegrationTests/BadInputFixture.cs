using LlMesh.Testing;

namespace LlMesh.IntegrationTests;

/// <summary>One mesh shared by the bad-input tests, with a small body limit.</summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public const int BodyLimit = 64 * 1024;

    public TestMesh Mesh { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Mesh = await TestMesh.StartAsync(gatewayEnvironment: new Dictionary<string, string?>
        {
            ["LlMesh__Admission__MaxRequestBodyBytes"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    public async Task DisposeAsync() => await Mesh.DisposeAsync();
}
