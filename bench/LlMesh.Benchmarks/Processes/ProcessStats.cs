using System.Globalization;
using System.Runtime.InteropServices;

namespace LlMesh.Benchmarks.Processes;

/// <summary>CPU time and resident memory of processes, read from <c>/proc</c> (Linux only).</summary>
internal static class ProcessStats
{
    private const int ScClockTicks = 2; // _SC_CLK_TCK on Linux.

    private static readonly long TicksPerSecond = ReadTicksPerSecond();

    /// <summary>utime + stime of the whole process (all threads, also those that have exited), in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / (double)TicksPerSecond;
    }

    /// <summary>VmRSS of the process, in bytes.</summary>
    public static long RssBytes(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    /// <summary>
    /// RssAnon of the process, in bytes: the resident part of VmRSS that is its own memory (GC heap, native
    /// allocations, JIT code or the NativeAOT runtime's rehydrated type data, stacks), as opposed to mapped
    /// files (the program, the runtime's and the app's DLLs, native libraries), which processes share.
    /// </summary>
    public static long RssAnonBytes(int pid) => StatusKilobytes(pid, "RssAnon:") * 1024;

    private static long StatusKilobytes(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kb = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>Busy and total CPU time of the whole machine (all cores) from <c>/proc/stat</c>, in seconds.</summary>
    public static (double Busy, double Total) MachineCpuSeconds()
    {
        var first = File.ReadLines("/proc/stat").First();
        var values = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        var idle = values[3] + values[4]; // idle + iowait
        return ((total - idle) / (double)TicksPerSecond, total / (double)TicksPerSecond);
    }

    private static long ReadTicksPerSecond()
    {
        var ticks = SysConf(ScClockTicks);
        return ticks > 0 ? ticks : 100;
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}
