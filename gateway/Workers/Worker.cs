using System.Collections.Frozen;
using LlMesh.Gateway.Scheduling;
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
        Apis = backend.Apis.ToFrozenSet(StringComparer.Ordinal);
        Supports = (Vision ? Modalities.Vision : Modalities.None)
            | (Audio ? Modalities.Audio : Modalities.None)
            | (Apis.Contains(BackendApis.Responses) ? Modalities.ResponsesApi : Modalities.None);
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

    /// <summary>API families the backend serves natively.</summary>
    public FrozenSet<string> Apis { get; }

    /// <summary>The job needs this worker can meet.</summary>
    public Modalities Supports { get; }

    public DestinationState Destination { get; }
}
