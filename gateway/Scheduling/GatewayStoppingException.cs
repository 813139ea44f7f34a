namespace LlMesh.Gateway.Scheduling;

/// <summary>The gateway is shutting down and takes no more jobs.</summary>
internal sealed class GatewayStoppingException() : Exception("The gateway is shutting down.");
