using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace LlMesh.Testing.Processes;

/// <summary>
/// A real child process (<c>dotnet some.dll</c>, or a native executable such as a NativeAOT publish) with
/// its output captured line by line, so tests can wait for what it logs, kill it hard, or stop it with SIGTERM.
/// </summary>
public class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();
    private readonly string _name;
    private TaskCompletionSource _lineAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How to start <paramref name="program"/>: <c>dotnet program.dll …</c>, or a native executable itself; output redirected.</summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(args);
        var isAssembly = program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(isAssembly ? "dotnet" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(program)!,
        };
        if (isAssembly)
        {
            start.ArgumentList.Add(program);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    protected ChildProcess(string name, string program, IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        _name = name;
        var start = StartInfo(program, args);

        // Console logs without colours or scopes, one line per message part; easier to match.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Waits until a line of output matches; returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, int skip = 0)
    {
        using var cts = new CancellationTokenSource(timeout);
        var seen = 0;
        while (true)
        {
            Task next;
            lock (_lock)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (match(_lines[seen]) && skip-- <= 0)
                    {
                        return _lines[seen];
                    }
                }

                next = _lineAdded.Task;
            }

            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(CancellationToken.None);
                lock (_lock)
                {
                    if (seen == _lines.Count)
                    {
                        throw new InvalidOperationException($"{_name} exited ({_process.ExitCode}) before the expected line.\n{Tail()}");
                    }
                }

                continue;
            }

            try
            {
                await next.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{_name} did not print the expected line within {timeout}.\n{Tail()}");
            }
        }
    }

    /// <summary>kill -9: no shutdown, no goodbye to peers.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM and wait for a graceful exit.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            _ = SysKill(_process.Id, 15);
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }

        return _process.ExitCode;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"{_name} (pid {_process.Id})";

    private string Tail()
    {
        lock (_lock)
        {
            var sb = new StringBuilder();
            foreach (var line in _lines.TakeLast(40))
            {
                sb.Append("  | ").AppendLine(line);
            }

            return sb.ToString();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _lines.Add(line);
            _lineAdded.TrySetResult();
            _lineAdded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
