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

    // The fake's "natural" answer length; each request's max_tokens (16 or 256) cuts it to size.
    private const string MaxTokens = "256";

    private readonly List<BenchProcess> _processes = [];
    private readonly TempDirectory _data = new();

    private readonly IReadOnlyDictionary<string, string> _extraEnvironment;

    private BenchTopology(IReadOnlyDictionary<string, string> extraEnvironment)
    {
        _extraEnvironment = extraEnvironment;
    }

    public Uri BackendAddress { get; private set; } = null!;

    public Uri HopAddress { get; private set; } = null!;

    public Uri GatewayAddress { get; private set; } = null!;

    public BenchProcess Backend { get; private set; } = null!;

    public BenchProcess Hop { get; private set; } = null!;

    public BenchProcess Gateway { get; private set; } = null!;

    public BenchProcess Agent { get; private set; } = null!;

    /// <summary>A second plain hop in front of <see cref="Hop"/>, when asked for.</summary>
    public BenchProcess? SecondHop { get; private set; }

    public Uri? TwoHopsAddress { get; private set; }

    public static async Task<BenchTopology> StartAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var topology = new BenchTopology(options.ChildEnvironment);
        try
        {
            await topology.StartProcessesAsync(options.LlMeshLogLevel, cancellationToken);
            if (options.WithTwoHops)
            {
                (topology.SecondHop, topology.TwoHopsAddress) = await topology.StartHopAsync("yarp-hop-2", topology.HopAddress);
            }

            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Replaces the backend with a fresh one on the same port. The fake llama-server keeps a record of
    /// every request it served (about 1.7 KB each); over a run that grows to gigabytes whose garbage
    /// collection competes for the same two cores, so each repeat starts with a new one.
    /// </summary>
    public async Task RestartBackendAsync(CancellationToken cancellationToken)
    {
        var old = Backend;
        _processes.Remove(old);
        await old.StopAsync(TimeSpan.FromSeconds(10));
        await old.DisposeAsync();
        await StartBackendAsync(BackendAddress.Port);
        await WaitForModelAsync(cancellationToken);
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
        await StartBackendAsync(port: 0);

        (Hop, HopAddress) = await StartHopAsync("yarp-hop", BackendAddress);

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

    private async Task<(BenchProcess, Uri)> StartHopAsync(string name, Uri backend)
    {
        // Same GC mode as the gateway and agent (ASP.NET Core apps default to server GC), so memory figures compare.
        var (process, text) = await StartAsync(
            name, typeof(YarpHop).Assembly.Location, [YarpHop.Command, "--port", "0", "--backend", backend.ToString()],
            new Dictionary<string, string?> { ["DOTNET_gcServer"] = "1" }, YarpHop.ReadyLine);
        return (process, new Uri(text!.TrimEnd('/') + "/"));
    }

    private async Task StartBackendAsync(int port)
    {
        var (process, text) = await BenchProcess.StartAsync(
            "backend", FakeLlamaServerDll(),
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--slots", Slots.ToString(CultureInfo.InvariantCulture), "--tokens", MaxTokens, "--token-delay-ms", "0", "--ttft-ms", "0"],
            WithExtraEnvironment([]), "fake llama-server listening on ");

        // First in the list: disposed last, after everything that calls it.
        _processes.Insert(0, process);
        Backend = process;
        BackendAddress = new Uri(text!.Split(' ')[0]);
    }

    private Dictionary<string, string?> WithExtraEnvironment(Dictionary<string, string?> environment)
    {
        foreach (var (key, value) in _extraEnvironment)
        {
            environment[key] = value;
        }

        return environment;
    }

    private async Task<(BenchProcess, string?)> StartAsync(
        string name, string dll, string[] args, Dictionary<string, string?> environment, string? readyPrefix)
    {
        var (process, text) = await BenchProcess.StartAsync(name, dll, args, WithExtraEnvironment(environment), readyPrefix);
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
