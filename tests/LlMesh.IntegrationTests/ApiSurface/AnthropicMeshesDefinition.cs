namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>Test classes that share the native and translated meshes (they never change the backends' behaviour).</summary>
[CollectionDefinition(Name)]
public sealed class AnthropicMeshesDefinition : ICollectionFixture<AnthropicMeshesFixture>
{
    public const string Name = "Anthropic meshes";
}
