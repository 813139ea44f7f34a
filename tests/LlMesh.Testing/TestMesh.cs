using System.Net.Http.Json;
using System.Text.Json;
using LlMesh.FakeLlamaServer;
using LlMesh.Testing.Processes;
using FakeServer = LlMesh.FakeLlamaServer.FakeLlamaServer;

namespace LlMesh.Testing;

/// <summary>
/// A whole mesh on loopback: a llama-server stand-in, a gateway process and an agent process connected
/// to it, with an API key and a client token. Each test builds its own.
/// </summary>
public sealed class TestMesh : IAsyncDisposable
{
    public const string ApiKey = "sk-test-alice-0123456789abcdef";
    public const string ClientToken = "ct-test-alice-0123456789abcdef";

    private TestMesh(TempDirectory data, FakeServer backend, GatewayProcess gateway, AgentProcess? agent)
    {
        Data = data;
        Backend = backend;
        Gateway = gateway;
        Agent = agent;
    }

    public TempDirectory Data { get; }

    public FakeServer Backend { get; }

    public GatewayProcess Gateway { get; private set; }

    public AgentProcess? Agent { get; private set; }

    public string Model => Backend.Options.ModelId;

    /// <summary>Settings the agent starts with (beyond the test defaults), e.g. an OTLP endpoint.</summary>
    public IReadOnlyDictionary<string, string?>? AgentEnvironment { get; private init; }

    public static async Task<TestMesh> StartAsync(
        FakeLlamaServerOptions? backendOptions = null, IReadOnlyDictionary<string, string?>? gatewayEnvironment = null, int gatewayPort = 0,
        IReadOnlyDictionary<string, string?>? agentEnvironment = null)
    {
        var data = new TempDirectory();
        var backend = await FakeServer.StartAsync(backendOptions ?? new FakeLlamaServerOptions());
        var gateway = await GatewayProcess.StartAsync(GatewayOptions(data.Path, gatewayPort, gatewayEnvironment));
        var mesh = new TestMesh(data, backend, gateway, agent: null) { AgentEnvironment = agentEnvironment };
        await mesh.StartAgentAsync();
        return mesh;
    }

    public static GatewayProcessOptions GatewayOptions(string dataDirectory, int port = 0, IReadOnlyDictionary<string, string?>? environment = null) => new()
    {
        DataDirectory = dataDirectory,
        Port = port,
        ApiKeys = [new TestCredential(ApiKey, "alice")],
        ClientTokens = [new TestCredential(ClientToken, "alice")],
        Environment = environment ?? new Dictionary<string, string?>(),
    };

    public async Task StartAgentAsync()
    {
        Agent = await AgentProcess.StartAsync(Gateway.BaseAddress, ClientToken, [Backend.BaseAddress], environment: AgentEnvironment);
        await WaitForModelAsync(present: true);
    }

    /// <summary>Stops the gateway (kill or SIGTERM) and starts a new one on the same port and data directory.</summary>
    public async Task RestartGatewayAsync(bool graceful)
    {
        var port = Gateway.Port;
        if (graceful)
        {
            await Gateway.StopAsync(TimeSpan.FromSeconds(30));
        }
        else
        {
            await Gateway.KillAsync();
        }

        await Gateway.DisposeAsync();
        Gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { DataDirectory = Data.Path, Port = port });
    }

    public HttpClient CreateClient(string? apiKey = ApiKey) => Gateway.CreateClient(apiKey);

    /// <summary>Waits until <c>/v1/models</c> does (or does not) list the backend's model.</summary>
    public async Task WaitForModelAsync(bool present, TimeSpan? timeout = null)
    {
        using var client = CreateClient();
        await Eventually.TrueAsync(
            async () => (await ListModelsAsync(client)).Contains(Model) == present,
            timeout ?? TimeSpan.FromSeconds(20),
            $"/v1/models {(present ? "lists" : "no longer lists")} {Model}");
    }

    public static async Task<IReadOnlyList<string>> ListModelsAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri("v1/models", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (Agent is not null)
        {
            await Agent.DisposeAsync();
        }

        await Gateway.DisposeAsync();
        await Backend.DisposeAsync();
        Data.Dispose();
    }
}
