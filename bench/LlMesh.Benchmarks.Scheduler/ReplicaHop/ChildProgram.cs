using System.Diagnostics;

namespace LlMesh.Benchmarks.Scheduler.ReplicaHop;

/// <summary>A .NET program of this repository run as a child process, ready once it prints a given line.</summary>
internal sealed class ChildProgram : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyText;

    private ChildProgram(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string readyText)
    {
        _readyText = readyText;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Seen(e.Data);
        _process.ErrorDataReceived += (_, e) => Seen(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts the program and waits (30 s at most) for the line that says it is ready; returns what follows that text.</summary>
    public static async Task<(ChildProgram Program, string ReadyText)> StartAsync(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string readyText)
    {
        var program = new ChildProgram(dll, args, environment, readyText);
        try
        {
            return (program, await program._ready.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        catch
        {
            program.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Seen(string? line)
    {
        var at = line?.IndexOf(_readyText, StringComparison.Ordinal) ?? -1;
        if (at >= 0)
        {
            _ready.TrySetResult(line![(at + _readyText.Length)..].Trim());
        }
    }
}
