using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
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
    public const string ClientToken = "ct-bench-0123456789abcdef0123";

    private readonly List<BenchProcess> _processes = [];
    private readonly TempDirectory _data = new();

    private const string HopReadyLine = "yarp hop listening on ";

    private readonly IReadOnlyDictionary<string, string> _extraEnvironment;
    private readonly string _llmeshLogLevel;
    private readonly ProgramBuilds _builds;

    private BenchTopology(BenchOptions options, ProgramBuilds builds, BackendProfile profile)
    {
        _extraEnvironment = options.ChildEnvironment;
        _llmeshLogLevel = options.LlMeshLogLevel;
        _builds = builds;
        Profile = profile;
    }

    /// <summary>The backend's behaviour; the agent advertises the same number of slots.</summary>
    public BackendProfile Profile { get; }

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

    public static async Task<BenchTopology> StartAsync(
        BenchOptions options, ProgramBuilds builds, BackendProfile profile, CancellationToken cancellationToken, bool withTwoHops = false)
    {
        var topology = new BenchTopology(options, builds, profile);
        try
        {
            await topology.StartProcessesAsync(cancellationToken);
            if (withTwoHops)
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

    /// <summary>Another fake llama-server serving the same model, e.g. for a second agent.</summary>
    public async Task<(BenchProcess Process, Uri Address)> StartExtraBackendAsync(string name, BackendProfile profile)
    {
        var (process, text) = await StartAsync(name, FakeLlamaServerDll(), profile.Arguments(0), [], "fake llama-server listening on ");
        return (process, new Uri(text!.Split(' ')[0]));
    }

    /// <summary>Another agent process on this gateway, serving <paramref name="backend"/>; the caller owns (and kills) it.</summary>
    public async Task<BenchProcess> StartExtraAgentAsync(string name, Uri backend, int slots)
    {
        var (process, _) = await BenchProcess.StartAsync(
            name, _builds.Agent, AgentArguments(backend, slots, name), WithExtraEnvironment(QuietEnvironment(_llmeshLogLevel)), readyPrefix: null);
        return process;
    }

    /// <summary>Free slots the gateway offers for the model now (<c>GET /v1/models/slots</c>), or -1 when it cannot say.</summary>
    public async Task<int> GatewaySlotsAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(GatewayAddress, "v1/models/slots"), cancellationToken);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return body.RootElement.GetProperty("data").EnumerateArray()
                .Where(m => m.GetProperty("id").GetString() == Model)
                .Select(m => m.GetProperty("total_slots").GetInt32())
                .FirstOrDefault();
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return -1;
        }
    }

    /// <summary>Throws when a process under test has exited (crashed) during the run.</summary>
    public void EnsureAlive()
    {
        foreach (var process in _processes)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited ({process.ExitCode}) during the run.\n{process.Output}");
            }
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

    private async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        var llmeshLogLevel = _llmeshLogLevel;
        await StartBackendAsync(port: 0);

        (Hop, HopAddress) = await StartHopAsync("yarp-hop", BackendAddress);

        var gatewayEnvironment = QuietEnvironment(llmeshLogLevel);
        gatewayEnvironment["LlMesh__DataDirectory"] = _data.Path;
        gatewayEnvironment["LlMesh__Bootstrap__ApiKeys__0__Key"] = ApiKey;
        gatewayEnvironment["LlMesh__Bootstrap__ApiKeys__0__User"] = "bench";
        gatewayEnvironment["LlMesh__Bootstrap__ClientTokens__0__Token"] = ClientToken;
        gatewayEnvironment["LlMesh__Bootstrap__ClientTokens__0__User"] = "bench";
        (Gateway, var gatewayText) = await StartAsync(
            "gateway", _builds.Gateway, ["--urls", "http://127.0.0.1:0"], gatewayEnvironment, "Now listening on: ");
        GatewayAddress = new Uri(gatewayText!.TrimEnd('/') + "/");

        (Agent, _) = await StartAsync(
            "agent", _builds.Agent,
            AgentArguments(BackendAddress, Profile.Slots, "bench"), QuietEnvironment(llmeshLogLevel), readyPrefix: null);
        await WaitForModelAsync(cancellationToken);
    }

    private string[] AgentArguments(Uri backend, int slots, string name) =>
        ["--gateway", GatewayAddress.ToString(), "--token", ClientToken, "--backend", backend.ToString(), "--slots", slots.ToString(CultureInfo.InvariantCulture), "--name", name];

    private async Task<(BenchProcess, Uri)> StartHopAsync(string name, Uri backend)
    {
        // Server GC like the gateway (set in its project), so memory figures compare.
        var (process, text) = await StartAsync(
            name, _builds.Hop, ["--port", "0", "--backend", backend.ToString()], new Dictionary<string, string?>(), HopReadyLine);
        return (process, new Uri(text!.TrimEnd('/') + "/"));
    }

    private async Task StartBackendAsync(int port)
    {
        var (process, text) = await BenchProcess.StartAsync(
            "backend", FakeLlamaServerDll(), Profile.Arguments(port), WithExtraEnvironment([]), "fake llama-server listening on ");

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
