using LlMesh.Testing;

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>One mesh for the OpenAI SDK tests; its backend, like llama-server, also serves <c>/v1/responses</c>.</summary>
public sealed class OpenAiMeshFixture : IAsyncLifetime
{
    public TestMesh Mesh { get; private set; } = null!;

    public async Task InitializeAsync() => Mesh = await TestMesh.StartAsync();

    public async Task DisposeAsync() => await Mesh.DisposeAsync();
}
