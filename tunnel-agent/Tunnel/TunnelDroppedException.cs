namespace LlMesh.TunnelAgent.Tunnel;

/// <summary>A tunnel closed soon after it opened; redialled with backoff so a flapping gateway is not hammered.</summary>
internal sealed class TunnelDroppedException() : Exception("The tunnel closed shortly after it opened.");
