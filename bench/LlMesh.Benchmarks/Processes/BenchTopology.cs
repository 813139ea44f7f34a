using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using LlMesh.Benchmarks.Hop;
using LlMesh.Testing;

namespace LlMesh.Benchmarks.Processes;

/// <summary>
/// The processes under test, all on 127.0.0.1: one fake llama-server, the plain YARP hop in front of it,
/// and a llmesh gateway with one agent serving it. Everything runs with production intervals and quiet logs.
/// </summary>
internal sealed class BenchTopology : IAsyncDisposable
{
    public const string ApiKey = "sk-bench-0123456789abcdef0123";
    public const string Model = "fake-model.gguf";
    public const int Slots = 256;
    private const string ClientToken = "ct-bench-0123456789abcdef0123";

    private readonly List<BenchProcess> _processes = [];
    private readonly TempDirectory _data = new();

    private BenchTopology()
    {
    }

    public Uri BackendAddress { get; private set; } = null!;

    public Uri HopAddress { get; private set; } = null!;

    public Uri GatewayAddress { get; private set; } = null!;

    public BenchProcess Backend { get; private set; } = null!;

    public BenchProcess Hop { get; private set; } = null!;

    public BenchProcess Gateway { get; private set; } = null!;

    public BenchProcess Agent { get; private set; } = null!;

    public static async Task<BenchTopology> StartAsync(string llmeshLogLevel, CancellationToken cancellationToken)
    {
        var topology = new BenchTopology();
        try
        {
            await topology.StartProcessesAsync(llmeshLogLevel, cancellationToken);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Stop the callers before what they call, so no process logs errors about a vanished peer.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync();
        }

        _data.Dispose();
    }

    private static string FakeLlamaServerDll() =>
        Path.Combine(RepoPaths.Root, "tests", "LlMesh.FakeLlamaServer", "bin", RepoPaths.Configuration, "net10.0", "LlMesh.FakeLlamaServer.dll");

    /// <summary>Production defaults (pings every 15 s) and logs quiet enough not to cost per request.</summary>
    private static Dictionary<string, string?> QuietEnvironment(string llmeshLogLevel) => new()
    {
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__LlMesh"] = llmeshLogLevel,

        // "Now listening on" comes from here; it is logged once, at start-up.
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
    };

    private async Task StartProcessesAsync(string llmeshLogLevel, CancellationToken cancellationToken)
    {
        var slots = Slots.ToString(CultureInfo.InvariantCulture);
        (Backend, var backendText) = await StartAsync(
            "backend", FakeLlamaServerDll(), ["--port", "0", "--slots", slots, "--tokens", "16", "--token-delay-ms", "0", "--ttft-ms", "0"],
            new Dictionary<string, string?>(), "fake llama-server listening on ");
        BackendAddress = new Uri(backendText!.Split(' ')[0]);

        // Same GC mode as the gateway and agent (ASP.NET Core apps default to server GC), so memory figures compare.
        (Hop, var hopText) = await StartAsync(
            "yarp-hop", typeof(YarpHop).Assembly.Location, [YarpHop.Command, "--port", "0", "--backend", BackendAddress.ToString()],
            new Dictionary<string, string?> { ["DOTNET_gcServer"] = "1" }, YarpHop.ReadyLine);
        HopAddress = new Uri(hopText!.TrimEnd('/') + "/");

        var gatewayEnvironment = QuietEnvironment(llmeshLogLevel);
        gatewayEnvironment["LlMesh__DataDirectory"] = _data.Path;
        gatewayEnvironment["LlMesh__Bootstrap__ApiKeys__0__Key"] = ApiKey;
        gatewayEnvironment["LlMesh__Bootstrap__ApiKeys__0__User"] = "bench";
        gatewayEnvironment["LlMesh__Bootstrap__ClientTokens__0__Token"] = ClientToken;
        gatewayEnvironment["LlMesh__Bootstrap__ClientTokens__0__User"] = "bench";
        (Gateway, var gatewayText) = await StartAsync(
            "gateway", RepoPaths.GatewayDll, ["--urls", "http://127.0.0.1:0"], gatewayEnvironment, "Now listening on: ");
        GatewayAddress = new Uri(gatewayText!.TrimEnd('/') + "/");

        (Agent, _) = await StartAsync(
            "agent", RepoPaths.AgentDll,
            ["--gateway", GatewayAddress.ToString(), "--token", ClientToken, "--backend", BackendAddress.ToString(), "--slots", slots, "--name", "bench"],
            QuietEnvironment(llmeshLogLevel), readyPrefix: null);
        await WaitForModelAsync(cancellationToken);
    }

    private async Task<(BenchProcess, string?)> StartAsync(
        string name, string dll, string[] args, Dictionary<string, string?> environment, string? readyPrefix)
    {
        var (process, text) = await BenchProcess.StartAsync(name, dll, args, environment, readyPrefix);
        _processes.Add(process);
        return (process, text);
    }

    /// <summary>The agent is ready when the gateway lists the backend's model.</summary>
    private async Task WaitForModelAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = GatewayAddress, Timeout = TimeSpan.FromSeconds(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (Agent.HasExited)
            {
                throw new InvalidOperationException($"The agent exited ({Agent.ExitCode}).\n{Agent.Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("v1/models", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                    if (body.RootElement.GetProperty("data").EnumerateArray().Any(m => m.GetProperty("id").GetString() == Model))
                    {
                        return;
                    }
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"The gateway did not list {Model} within 60 s.\nagent:\n{Agent.Output}\ngateway:\n{Gateway.Output}");
    }
}
