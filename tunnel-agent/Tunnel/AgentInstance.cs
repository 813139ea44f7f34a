namespace LlMesh.TunnelAgent.Tunnel;

/// <summary>A random id for this agent process; the gateway groups the process's tunnels by it.</summary>
internal sealed class AgentInstance
{
    public string Id { get; } = Guid.NewGuid().ToString("N");
}
