using System.Globalization;

namespace LlMesh.Benchmarks.Scheduler.Reporting;

/// <summary>How busy the whole machine was between two readings of <c>/proc/stat</c> (all processes, this benchmark's included).</summary>
internal sealed class MachineLoad
{
    private readonly (long Busy, long Total) _start = Read();
    private readonly string _loadAverageAtStart = LoadAverage();

    /// <summary>Average busy cores since this object was made, and the 1-minute load average at start and now.</summary>
    public (double BusyCores, string LoadAverageAtStart, string LoadAverageAtEnd) Stop()
    {
        var (busy, total) = Read();
        var busyCores = total == _start.Total ? double.NaN : (double)(busy - _start.Busy) / (total - _start.Total) * Environment.ProcessorCount;
        return (busyCores, _loadAverageAtStart, LoadAverage());
    }

    private static (long Busy, long Total) Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0);
        }

        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        return (total - fields[3] - fields[4], total);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
