using System.Globalization;
using LlMesh.Benchmarks.Load;

namespace LlMesh.Benchmarks;

/// <summary>What one benchmark run measures and for how long. The defaults keep a run under ~15 minutes on 2 cores.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/LlMesh.Benchmarks -- [options]
          --repeats N            interleaved repeats per scenario (default 5; at least 3 for published numbers)
          --round-seconds S      time cap of one round (default 2.5); the request cap is per scenario
          --concurrency LIST     the same list for every mode, e.g. 1,10,100; default per mode: chat 1,10,100;
                                 sse16 and sse256 1,10,100,1000; sse4096 10
          --modes LIST           chat,sse16,sse256,sse4096 (default: all four; sse4096 = long streams for events/s);
                                 a mode may name its own concurrencies, e.g. sse16:1000,sse4096:10/100
          --phases LIST          paths,hold,failover (default: all three). paths: the modes above on direct,
                                 yarp-hop and llmesh; hold: open slow streams and read RSS; failover: kill an
                                 agent mid-job and time the re-dispatch
          --hold-streams LIST    open streams held at once, in steps (default 500,1000,2000,4000; at most 4096)
          --hold-token-delay-ms N  delay between tokens of the held streams (default 1000)
          --failover-repeats N   agent kills (default 10)
          --with-frozen-agent    also freeze an agent (SIGSTOP) instead of killing it, 3 times: only the tunnel's
                                 ping timeout notices, about 35 s per repeat with production settings
          --build aot|jit        the builds of gateway, agent and plain hop under test (default aot: NativeAOT
                                 publishes for this machine, as users deploy them; needs clang and zlib1g-dev;
                                 jit: the Release builds run with dotnet)
          --llmesh-log-level L   LlMesh log level in gateway and agent (default Warning)
          --child-env KEY=VALUE  extra environment for every process under test (backend, hop, gateway,
                                 agent), e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0; repeatable
          --max-quiet-wait S     total seconds the run may wait for other processes to leave the CPU
                                 before rounds (default 120; 0 = never wait)
          --with-two-hops        also measure two plain YARP hops in a row (diagnostic; adds a third of the time)
          --output PATH          report file (default docs/benchmarks.md in the repository)
          --no-report            print the tables only
          --quick                1 repeat, 1 s rounds, holds of 500 and 1000 streams, 3 failover repeats, no
                                 report: a smoke test of the benchmark itself
        """;

    public const string PathsPhase = "paths";
    public const string HoldPhase = "hold";
    public const string FailoverPhase = "failover";

    /// <summary>The agent refuses more slots per backend than this.</summary>
    public const int MaxHoldStreams = 4096;

    private static readonly string[] AllPhases = [PathsPhase, HoldPhase, FailoverPhase];

    private readonly Dictionary<string, string> _childEnvironment = [];
    private readonly Dictionary<RequestShape, IReadOnlyList<int>> _modeConcurrencies = [];

    public int Repeats { get; private set; } = 5;

    public TimeSpan RoundDuration { get; private set; } = TimeSpan.FromSeconds(2.5);

    /// <summary>Set by <c>--concurrency</c> for every mode; null: each mode's own default.</summary>
    public IReadOnlyList<int>? Concurrencies { get; private set; }

    public IReadOnlyList<RequestShape> Shapes { get; private set; } = [RequestShape.Chat, RequestShape.Sse16, RequestShape.Sse256, RequestShape.Sse4096];

    public IReadOnlySet<string> Phases { get; private set; } = new HashSet<string>(AllPhases, StringComparer.Ordinal);

    public IReadOnlyList<int> HoldStreams { get; private set; } = [500, 1000, 2000, 4000];

    public int HoldTokenDelayMs { get; private set; } = 1000;

    public int FailoverRepeats { get; private set; } = 10;

    public bool WithFrozenAgent { get; private set; }

    /// <summary>The concurrencies <paramref name="shape"/> is measured at.</summary>
    public IReadOnlyList<int> ConcurrenciesFor(RequestShape shape) =>
        _modeConcurrencies.GetValueOrDefault(shape) ?? Concurrencies ?? shape.DefaultConcurrencies;

    /// <summary>The most callers any path sees at once in the paths phase: the backend and the agent get that many slots.</summary>
    public int MaxConcurrency => Shapes.Max(s => ConcurrenciesFor(s).Max());

    public bool Runs(string phase) => Phases.Contains(phase);

    public IEnumerable<string> PhasesInOrder => AllPhases.Where(Phases.Contains);

    public string LlMeshLogLevel { get; private set; } = "Warning";

    /// <summary><see cref="Processes.ProgramBuilds.Aot"/> or <see cref="Processes.ProgramBuilds.Jit"/>.</summary>
    public string Build { get; private set; } = Processes.ProgramBuilds.Aot;

    public IReadOnlyDictionary<string, string> ChildEnvironment => _childEnvironment;

    public TimeSpan MaxQuietWait { get; private set; } = TimeSpan.FromSeconds(120);

    public bool WithTwoHops { get; private set; }

    public string? OutputPath { get; private set; }

    public bool WriteReport { get; private set; } = true;

    public bool Help { get; private set; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{name} needs a value.");
            switch (name)
            {
                case "--repeats": options.Repeats = PositiveInt(name, Value()); break;
                case "--round-seconds": options.RoundDuration = TimeSpan.FromSeconds(PositiveDouble(name, Value())); break;
                case "--concurrency": options.Concurrencies = Value().Split(',').Select(c => PositiveInt(name, c)).ToArray(); break;
                case "--modes": options.Shapes = Value().Split(',').Select(options.AddMode).ToArray(); break;
                case "--phases": options.Phases = Value().Split(',').Select(Phase).ToHashSet(StringComparer.Ordinal); break;
                case "--hold-streams": options.HoldStreams = Value().Split(',').Select(c => HoldCount(name, c)).Order().ToArray(); break;
                case "--hold-token-delay-ms": options.HoldTokenDelayMs = PositiveInt(name, Value()); break;
                case "--failover-repeats": options.FailoverRepeats = PositiveInt(name, Value()); break;
                case "--with-frozen-agent": options.WithFrozenAgent = true; break;
                case "--llmesh-log-level": options.LlMeshLogLevel = Value(); break;
                case "--build": options.Build = BuildKind(Value()); break;
                case "--child-env": options.AddChildEnvironment(Value()); break;
                case "--max-quiet-wait": options.MaxQuietWait = TimeSpan.FromSeconds(NonNegativeDouble(name, Value())); break;
                case "--with-two-hops": options.WithTwoHops = true; break;
                case "--output": options.OutputPath = Value(); break;
                case "--no-report": options.WriteReport = false; break;
                case "--quick":
                    options.Repeats = 1;
                    options.RoundDuration = TimeSpan.FromSeconds(1);
                    options.WriteReport = false;
                    options.HoldStreams = [500, 1000];
                    options.FailoverRepeats = 3;
                    break;
                case "--help" or "-h": options.Help = true; break;
                default: throw new FormatException($"Unknown option '{name}'.");
            }
        }

        return options;
    }

    /// <summary><c>sse16</c> or <c>sse16:10/1000</c>: a mode, with its own concurrencies when given.</summary>
    private RequestShape AddMode(string mode)
    {
        var colon = mode.IndexOf(':', StringComparison.Ordinal);
        var shape = RequestShape.Parse(colon < 0 ? mode : mode[..colon]);
        if (colon >= 0)
        {
            _modeConcurrencies[shape] = mode[(colon + 1)..].Split('/').Select(c => PositiveInt("--modes", c)).ToArray();
        }

        return shape;
    }

    private void AddChildEnvironment(string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"--child-env needs KEY=VALUE, not '{assignment}'.");
        }

        _childEnvironment[assignment[..equals]] = assignment[(equals + 1)..];
    }

    private static string BuildKind(string value) =>
        value is Processes.ProgramBuilds.Aot or Processes.ProgramBuilds.Jit ? value : throw new FormatException($"--build is aot or jit, not '{value}'.");

    private static string Phase(string value) =>
        AllPhases.Contains(value, StringComparer.Ordinal) ? value : throw new FormatException($"Unknown phase '{value}' ({string.Join(", ", AllPhases)}).");

    private static int HoldCount(string name, string value) =>
        PositiveInt(name, value) is var n && n <= MaxHoldStreams ? n : throw new FormatException($"{name}: at most {MaxHoldStreams} streams (the agent's slot limit per backend), not {n}.");

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{name} needs a positive integer, not '{value}'.");

    private static double NonNegativeDouble(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0
            ? d
            : throw new FormatException($"{name} needs a number of at least 0, not '{value}'.");

    private static double PositiveDouble(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0
            ? d
            : throw new FormatException($"{name} needs a positive number, not '{value}'.");
}
