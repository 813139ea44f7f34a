using LlMesh.Benchmarks.Load;
using LlMesh.Benchmarks.Processes;

namespace LlMesh.Benchmarks.Measurement;

/// <summary>The paths measured in every repeat, in order, and which process belongs to which.</summary>
internal sealed class TargetSet : IDisposable
{
    private readonly BenchTopology _topology;
    private readonly Dictionary<int, string> _proxies;

    public TargetSet(BenchTopology topology)
    {
        _topology = topology;
        _proxies = new Dictionary<int, string>
        {
            [topology.Hop.Id] = TargetNames.YarpHop,
            [topology.Gateway.Id] = "gateway",
            [topology.Agent.Id] = "agent",
        };
        var targets = new List<BenchTarget>
        {
            new(TargetNames.Direct, topology.BackendAddress, BenchTopology.ApiKey, []),
            new(TargetNames.YarpHop, topology.HopAddress, BenchTopology.ApiKey, [topology.Hop.Id]),
        };
        if (topology.SecondHop is { } second)
        {
            _proxies[second.Id] = "yarp-hop-2";
            targets.Add(new(TargetNames.TwoHops, topology.TwoHopsAddress!, BenchTopology.ApiKey, [second.Id, topology.Hop.Id]));
        }

        targets.Add(new(TargetNames.LlMesh, topology.GatewayAddress, BenchTopology.ApiKey, [topology.Gateway.Id, topology.Agent.Id]));
        All = targets;
    }

    public IReadOnlyList<BenchTarget> All { get; }

    /// <summary>Proxy process id → name.</summary>
    public IReadOnlyDictionary<int, string> Proxies => _proxies;

    /// <summary>Every process under test, id → name, with the backend as it is now (it is restarted per repeat).</summary>
    public IReadOnlyDictionary<int, string> Processes() => new Dictionary<int, string>(_proxies) { [_topology.Backend.Id] = "backend" };

    public void Dispose()
    {
        foreach (var target in All)
        {
            target.Dispose();
        }
    }
}
