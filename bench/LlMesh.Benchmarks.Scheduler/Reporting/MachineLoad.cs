using System.Globalization;

namespace LlMesh.Benchmarks.Scheduler.Reporting;

/// <summary>
/// What else used the machine during the run: how busy it was in all (<c>/proc/stat</c>), and which other
/// processes took CPU time (<c>/proc/PID/stat</c>, sampled every two seconds, so processes that lived at
/// least that long are seen). This process and its children (BenchmarkDotNet's builds and runs) are left out.
/// </summary>
internal sealed class MachineLoad : IDisposable
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(2);
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly (long Busy, long Total) _start = ReadMachine();
    private readonly string _loadAverageAtStart = LoadAverage();
    private readonly Lock _lock = new();
    private readonly Dictionary<int, (string Name, long Ticks)> _lastSeen = [];
    private readonly Dictionary<string, long> _ticksByName = new(StringComparer.Ordinal);
    private readonly Timer _timer;

    public MachineLoad()
    {
        Sample();
        _timer = new Timer(_ => Sample(), null, SampleInterval, SampleInterval);
    }

    /// <summary>Stops sampling: average busy cores, the 1-minute load average at start and end, the busiest other processes.</summary>
    public MachineLoadResult Stop()
    {
        _timer.Dispose();
        Sample();
        var (busy, total) = ReadMachine();
        var busyCores = total == _start.Total ? double.NaN : (double)(busy - _start.Busy) / (total - _start.Total) * Environment.ProcessorCount;
        lock (_lock)
        {
            var others = _ticksByName.Where(p => p.Value >= TicksPerSecond / 2)
                .OrderByDescending(p => p.Value)
                .Take(6)
                .Select(p => (p.Key, p.Value / TicksPerSecond))
                .ToArray();
            return new MachineLoadResult(busyCores, _loadAverageAtStart, LoadAverage(), others);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        if (!Directory.Exists("/proc"))
        {
            return;
        }

        var processes = new Dictionary<int, (int Parent, string Name, long Ticks)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ReadProcess(pid) is { } process)
            {
                processes[pid] = process;
            }
        }

        lock (_lock)
        {
            foreach (var (pid, (_, name, ticks)) in processes)
            {
                if (IsSelfOrChild(pid, processes))
                {
                    continue;
                }

                // A process first seen now counts from zero: what it used before the run is not ours to report.
                var before = _lastSeen.TryGetValue(pid, out var seen) && seen.Name == name ? seen.Ticks : ticks;
                _ticksByName[name] = _ticksByName.GetValueOrDefault(name) + Math.Max(0, ticks - before);
                _lastSeen[pid] = (name, ticks);
            }
        }
    }

    private static bool IsSelfOrChild(int pid, Dictionary<int, (int Parent, string Name, long Ticks)> processes)
    {
        for (var depth = 0; depth < 64 && pid > 1; depth++)
        {
            if (pid == Environment.ProcessId)
            {
                return true;
            }

            pid = processes.TryGetValue(pid, out var process) ? process.Parent : 0;
        }

        return false;
    }

    /// <summary>Parent, a readable name (for <c>dotnet</c>, the assembly or tool it runs) and utime+stime in ticks.</summary>
    private static (int Parent, string Name, long Ticks)? ReadProcess(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..close];
            // After "pid (comm)": state ppid ... utime is field 14 and stime 15 of the whole line.
            var fields = stat[(close + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            if (name == "dotnet")
            {
                var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
                name = arguments.Skip(1).FirstOrDefault(a => !a.StartsWith('-') && (a.EndsWith(".dll", StringComparison.Ordinal) || a.EndsWith(".json", StringComparison.Ordinal) || !a.Contains('/', StringComparison.Ordinal))) is { } target
                    ? "dotnet " + Path.GetFileName(target).Replace(".runtimeconfig.json", "", StringComparison.Ordinal)
                    : name;
            }

            return (parent, name, ticks);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null; // Gone between listing and reading, or not ours to read.
        }
    }

    private static (long Busy, long Total) ReadMachine()
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
