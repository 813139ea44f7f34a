using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LlMesh.Benchmarks.Scheduler.SharedQueue;

/// <summary>
/// A redis-server child process on a free loopback port, configured as llmesh's README asks for
/// production (append-only file, fsync every second), in a temporary directory.
/// </summary>
internal sealed class RedisChild : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private RedisChild(Process process, string directory, int port, string version)
    {
        _process = process;
        _directory = directory;
        Endpoint = "127.0.0.1:" + port;
        Version = version;
    }

    public string Endpoint { get; }

    public string Version { get; }

    public static async Task<RedisChild> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("llmesh-bench-redis-").FullName;
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server).");
        var version = await VersionAsync();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new RedisChild(process, directory, port, version);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        process.Kill();
        throw new InvalidOperationException("redis-server did not listen within 5 s.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<string> VersionAsync()
    {
        using var version = Process.Start(new ProcessStartInfo("redis-server", "--version") { RedirectStandardOutput = true })!;
        var text = await version.StandardOutput.ReadToEndAsync();
        await version.WaitForExitAsync();
        return text.Split(' ').FirstOrDefault(t => t.StartsWith("v=", StringComparison.Ordinal))?[2..] ?? "unknown";
    }
}
