namespace LlMesh.Gateway.Authentication;

internal static class ApiKeyDefaults
{
    public const string Scheme = "LlMeshApiKey";

    /// <summary>Authorization policy for the <c>/v1</c> endpoints.</summary>
    public const string Policy = "llmesh-api-key";

    public const string KeyIdClaim = "llmesh:key_id";
}
