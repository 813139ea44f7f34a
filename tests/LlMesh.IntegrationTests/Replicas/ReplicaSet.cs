using System.Globalization;
using LlMesh.Testing;
using LlMesh.Testing.Processes;
using LlMesh.Testing.Redis;

namespace LlMesh.IntegrationTests.Replicas;

/// <summary>
/// Gateway replicas for one test: one real redis-server of their own (tests may kill it), a key
/// prefix, a mesh secret, and a data directory per replica. Every replica gets the same bootstrap key and token.
/// </summary>
internal sealed class ReplicaSet : IAsyncDisposable
{
    public const string ApiKey = "sk-test-replicas-0123456789abcdef";
    public const string ClientToken = "ct-test-replicas-0123456789abcdef";
    private const string MeshSecret = "mesh-secret-for-tests-0123456789abcdef";
    private readonly List<GatewayProcess> _gateways = [];
    private readonly List<TempDirectory> _directories = [];
    private readonly string _prefix = RedisFixture.UniquePrefix();

    private ReplicaSet(RedisServer redis) => Redis = redis;

    public RedisServer Redis { get; }

    /// <summary>The replicas' Redis key prefix (their keys are <c>{prefix}:…</c>).</summary>
    public string Prefix => _prefix;

    public static async Task<ReplicaSet> StartRedisAsync() => new(await RedisServer.StartAsync());

    /// <summary>A replica; with <paramref name="replicaId"/> it also joins the relay mesh (its own URL as internal URL).</summary>
    public async Task<GatewayProcess> StartGatewayAsync(
        string? replicaId = null, IReadOnlyList<TestCredential>? apiKeys = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var data = new TempDirectory();
        _directories.Add(data);
        var port = FreePort.Next();
        var environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Redis"] = Redis.Endpoint,
            ["LlMesh__Redis__KeyPrefix"] = _prefix,
        };
        if (replicaId is not null)
        {
            environment["LlMesh__Mesh__ReplicaId"] = replicaId;
            environment["LlMesh__Mesh__InternalUrl"] = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
            environment["LlMesh__Mesh__Secret"] = MeshSecret;
            environment["LlMesh__Mesh__AnnounceInterval"] = "00:00:00.200";
            environment["LlMesh__Mesh__ReplicaTimeToLive"] = "00:00:01";
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            DataDirectory = data.Path,
            Port = port,
            ApiKeys = apiKeys ?? [new TestCredential(ApiKey, "alice")],
            ClientTokens = [new TestCredential(ClientToken, "alice")],
            Environment = environment,
        });
        _gateways.Add(gateway);
        return gateway;
    }

    /// <summary>Runs the gateway CLI against the replicas' Redis.</summary>
    public Task<(int ExitCode, string StdOut, string StdErr)> CliAsync(params string[] args) =>
        GatewayProcess.RunCliAsync(_directories[0].Path, [.. args, $"--ConnectionStrings:Redis={Redis.Endpoint}", $"--LlMesh:Redis:KeyPrefix={_prefix}"]);

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        await Redis.DisposeAsync();
        foreach (var directory in _directories)
        {
            directory.Dispose();
        }
    }
}
