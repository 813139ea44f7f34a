using System.Runtime.InteropServices;
using LlMesh.Testing.Processes;

namespace LlMesh.Benchmarks.Processes;

/// <summary>
/// A child process of the benchmark (<c>dotnet some.dll</c> or a NativeAOT executable). Unlike the test fixtures it lets the caller
/// choose every environment variable, so the processes run with production intervals and quiet logs.
/// </summary>
internal sealed class BenchProcess : ChildProcess
{
    private BenchProcess(string name, string program, IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
        : base(name, program, args, environment)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>
    /// SIGSTOP: the process stops running but its sockets stay open and the kernel still acknowledges
    /// TCP, as when a machine hangs or its network silently drops. <see cref="ChildProcess.KillAsync"/> ends it.
    /// </summary>
    public void Freeze()
    {
        const int SigStop = 19;
        if (SysKill(Id, SigStop) != 0)
        {
            throw new InvalidOperationException($"kill -STOP {Id} failed (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    /// <summary>Starts a process and, when <paramref name="readyPrefix"/> is given, waits for that line and returns the rest of it.</summary>
    public static async Task<(BenchProcess Process, string? ReadyText)> StartAsync(
        string name, string program, IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment, string? readyPrefix)
    {
        if (!File.Exists(program))
        {
            throw new FileNotFoundException($"{name}: {program} is not built. Run the benchmark with 'dotnet run -c Release --project bench/LlMesh.Benchmarks'.", program);
        }

        var process = new BenchProcess(name, program, args, environment);
        if (readyPrefix is null)
        {
            return (process, null);
        }

        try
        {
            var line = await process.WaitForLineAsync(l => l.Contains(readyPrefix, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            return (process, line[(line.IndexOf(readyPrefix, StringComparison.Ordinal) + readyPrefix.Length)..].Trim());
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
