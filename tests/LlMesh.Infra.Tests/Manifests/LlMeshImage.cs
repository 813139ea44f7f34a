namespace LlMesh.Infra.Tests.Manifests;

/// <summary>Which llmesh program a container runs, told by its image name (any registry, any tag).</summary>
internal enum LlMeshImage
{
    Other,
    Gateway,
    Agent,
}

internal static class LlMeshImages
{
    public const string GatewayName = "llmesh-gateway";
    public const string AgentName = "llmesh-agent";

    public static LlMeshImage Of(string? image)
    {
        var name = (image ?? "").Split('/')[^1].Split('@')[0].Split(':')[0];
        return name switch
        {
            GatewayName => LlMeshImage.Gateway,
            AgentName => LlMeshImage.Agent,
            _ => LlMeshImage.Other,
        };
    }
}
