using LlMesh.FakeLlamaServer;
using LlMesh.Testing;

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>
/// Two meshes for the Anthropic tests: one whose backend serves <c>/v1/messages</c> itself (pass-through), one whose
/// backend speaks only OpenAI chat (the gateway translates). Tests tell their requests apart by a marker in the prompt.
/// </summary>
public sealed class AnthropicMeshesFixture : IAsyncLifetime
{
    public TestMesh Native { get; private set; } = null!;

    public TestMesh Translated { get; private set; } = null!;

    public TestMesh For(bool native) => native ? Native : Translated;

    public async Task InitializeAsync()
    {
        Native = await TestMesh.StartAsync(new FakeLlamaServerOptions { NativeAnthropic = true });
        Translated = await TestMesh.StartAsync(new FakeLlamaServerOptions { NativeAnthropic = false });
    }

    public async Task DisposeAsync()
    {
        await Native.DisposeAsync();
        await Translated.DisposeAsync();
    }
}
