using System.Diagnostics;
using System.Runtime.InteropServices;
using LlMesh.Testing;

namespace LlMesh.Benchmarks.Processes;

/// <summary>
/// Which builds of the programs under test run: the NativeAOT publishes users deploy (the default; the
/// benchmark publishes them first), or the JIT builds that <c>dotnet run</c>, the tests and this project's
/// own build give. The plain YARP hop is built the same way, so the comparison stays like for like.
/// The fake llama-server and the load generator are always JIT builds: they are not what is measured.
/// </summary>
internal sealed class ProgramBuilds
{
    public const string Aot = "aot";
    public const string Jit = "jit";

    private ProgramBuilds(string kind, string gateway, string agent, string hop)
    {
        Kind = kind;
        Gateway = gateway;
        Agent = agent;
        Hop = hop;
    }

    /// <summary><see cref="Aot"/> or <see cref="Jit"/>.</summary>
    public string Kind { get; }

    /// <summary>The gateway's executable (AOT) or assembly (JIT, run with <c>dotnet</c>).</summary>
    public string Gateway { get; }

    public string Agent { get; }

    public string Hop { get; }

    /// <summary>The portable runtime identifier of this machine (a distribution's own .NET may report e.g. ubuntu.24.04-x64, which has no NativeAOT pack).</summary>
    private static string Rid =>
        (OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    public string Describe() => Kind == Aot
        ? $"NativeAOT publishes (`dotnet publish -c Release -r {Rid}`) of gateway, agent and plain hop"
        : $"JIT builds ({RepoPaths.Configuration}) of gateway, agent and plain hop, run with `dotnet`";

    /// <summary>The JIT builds next to this project's own build output.</summary>
    public static ProgramBuilds JitBuilds() => new(
        Jit,
        RepoPaths.GatewayDll,
        RepoPaths.AgentDll,
        Path.Combine(RepoPaths.Root, "bench", "LlMesh.Benchmarks.YarpHop", "bin", RepoPaths.Configuration, "net10.0", "LlMesh.Benchmarks.YarpHop.dll"));

    /// <summary>Publishes gateway, agent and hop with NativeAOT for this machine (a few minutes; incremental afterwards).</summary>
    public static async Task<ProgramBuilds> PublishAotAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "aot");
        var gateway = await PublishAsync(Path.Combine("gateway", "LlMesh.Gateway.csproj"), Path.Combine(root, "gateway"), "LlMesh.Gateway", cancellationToken);
        var agent = await PublishAsync(Path.Combine("tunnel-agent", "LlMesh.TunnelAgent.csproj"), Path.Combine(root, "agent"), "LlMesh.TunnelAgent", cancellationToken);
        var hop = await PublishAsync(
            Path.Combine("bench", "LlMesh.Benchmarks.YarpHop", "LlMesh.Benchmarks.YarpHop.csproj"), Path.Combine(root, "yarp-hop"), "LlMesh.Benchmarks.YarpHop", cancellationToken);
        return new ProgramBuilds(Aot, gateway, agent, hop);
    }

    private static async Task<string> PublishAsync(string project, string output, string executable, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Publishing {project} with NativeAOT to {output} …");
        var clock = Stopwatch.StartNew();

        // An interrupted earlier publish can leave a partial copy that an incremental publish would keep.
        var path = Path.Combine(output, executable);
        File.Delete(path);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No build server or MSBuild node may stay behind: they would use CPU and memory during the measurements.
        foreach (var arg in new[] { "publish", project, "-c", "Release", "-r", Rid, "-o", output, "-nologo", "-v", "q", "-nodeReuse:false", "-p:UseSharedCompilation=false" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start.");
        using var kill = cancellationToken.Register(() => process.Kill(entireProcessTree: true));
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"dotnet publish {project} failed ({process.ExitCode}); NativeAOT needs clang and zlib1g-dev, or run the benchmark with --build jit.\n{await stdout}\n{await stderr}");
        }

        Console.WriteLine($"  done in {clock.Elapsed.TotalSeconds:0} s");
        return path;
    }
}
