namespace LlMesh.Benchmarks.Processes;

/// <summary>CPU seconds of some processes and of the whole machine at one instant; two of them give a round's usage.</summary>
internal sealed class ResourceSnapshot
{
    private readonly Dictionary<int, double> _cpuSeconds;
    private readonly double _machineBusy;
    private readonly double _machineTotal;

    private ResourceSnapshot(Dictionary<int, double> cpuSeconds, double machineBusy, double machineTotal)
    {
        _cpuSeconds = cpuSeconds;
        _machineBusy = machineBusy;
        _machineTotal = machineTotal;
    }

    public static ResourceSnapshot Take(IEnumerable<int> processIds)
    {
        var cpu = processIds.Distinct().ToDictionary(id => id, ProcessStats.CpuSeconds);
        var (busy, total) = ProcessStats.MachineCpuSeconds();
        return new ResourceSnapshot(cpu, busy, total);
    }

    /// <summary>CPU seconds the given processes used between <paramref name="earlier"/> and this snapshot.</summary>
    public double CpuSecondsSince(ResourceSnapshot earlier, IEnumerable<int> processIds) =>
        processIds.Sum(id => _cpuSeconds[id] - earlier._cpuSeconds[id]);

    /// <summary>Machine CPU used between the snapshots, in cores (2.0 = both cores of a 2-core machine busy).</summary>
    public double MachineBusyCoresSince(ResourceSnapshot earlier) =>
        (_machineBusy - earlier._machineBusy) / (_machineTotal - earlier._machineTotal) * Environment.ProcessorCount;
}
