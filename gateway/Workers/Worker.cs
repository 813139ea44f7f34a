using System.Collections.Frozen;
using LlMesh.Tunnel.Protocol;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace LlMesh.Gateway.Workers;

/// <summary>
/// One backend behind one connected agent: the unit that has slots and serves models.
/// Its <see cref="Destination"/> is the YARP destination requests are forwarded to.
/// </summary>
internal sealed class Worker
{
    public Worker(AgentSession agent, BackendCapabilities backend)
    {
        Agent = agent;
        BackendId = backend.Id;
        Id = $"{agent.InstanceId}/{backend.Id}";
        Models = backend.Models.Select(m => m.Id).ToFrozenSet(StringComparer.Ordinal);
        Slots = Math.Max(0, backend.Slots);
        Healthy = backend.Healthy;
        Vision = backend.Vision;
        Audio = backend.Audio;
        var address = $"http://{agent.InstanceId}{TunnelProtocol.TunnelHostSuffix}{TunnelProtocol.BackendsPathPrefix}/{Uri.EscapeDataString(backend.Id)}/";
        Destination = new DestinationState(Id, new DestinationModel(new DestinationConfig { Address = address }));
    }

    public string Id { get; }

    public AgentSession Agent { get; }

    public string BackendId { get; }

    public FrozenSet<string> Models { get; }

    public int Slots { get; }

    public bool Healthy { get; }

    public bool Vision { get; }

    public bool Audio { get; }

    public DestinationState Destination { get; }
}
