using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using DotNet.Testcontainers.Builders;
using Testcontainers.Redis;

namespace LlMesh.Testing.Redis;

/// <summary>
/// A real Redis for tests: <c>LLMESH_TEST_REDIS</c> (host:port) when set; otherwise a
/// <c>redis-server</c> child process on a free loopback port (Debian package <c>redis-server</c>,
/// which <c>./test.sh</c> installs); otherwise a Testcontainers container when a Docker engine runs.
/// Never a mock.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "LLMESH_TEST_REDIS";

    private readonly int _port;
    private readonly RedisContainer? _container;
    private readonly TempDirectory _data = new();
    private Process? _process;

    private RedisServer(string endpoint, int port, RedisContainer? container)
    {
        Endpoint = endpoint;
        _port = port;
        _container = container;
    }

    /// <summary>host:port, usable as a StackExchange.Redis connection string.</summary>
    public string Endpoint { get; }

    /// <summary>True when this fixture runs the server itself and so can stop and restart it.</summary>
    public bool CanRestart => _port != 0;

    public static async Task<RedisServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } external)
        {
            return new RedisServer(external, 0, null);
        }

        if (FindOnPath("redis-server") is not null)
        {
            var port = FreePort.Next();
            var server = new RedisServer("127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), port, null);
            await server.StartProcessAsync();
            return server;
        }

        try
        {
            var container = new RedisBuilder("redis:7.0").Build();
            await container.StartAsync();
            return new RedisServer(container.GetConnectionString(), 0, container);
        }
        catch (DockerUnavailableException ex)
        {
            throw new InvalidOperationException(
                $"The Redis tests need a Redis: install redis-server (./test.sh does: apt-get install redis-server), set {EnvironmentVariable}=host:port, or run a Docker engine.",
                ex);
        }
    }

    /// <summary>Kills the server (SIGKILL): clients see the connection drop, as when Redis crashes.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the server again on the same port, with the data it had (append-only file, fsync on every write, like a production Redis).</summary>
    public Task RestartAsync() => CanRestart ? StartProcessAsync() : throw new InvalidOperationException("This Redis is not run by the test fixture.");

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _data.Dispose();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "--port", _port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--protected-mode", "yes",
            "--dir", _data.Path, "--save", "", "--appendonly", "yes", "--appendfsync", "always",
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!await AnswersPingAsync())
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(15))
            {
                string log;
                lock (output)
                {
                    log = output.ToString();
                }

                throw new InvalidOperationException($"redis-server on port {_port} did not start:\n{log}");
            }

            await Task.Delay(50);
        }
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", _port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
