using System.Globalization;
using LlMesh.Benchmarks.Load;

namespace LlMesh.Benchmarks;

/// <summary>What one benchmark run measures and for how long. The defaults keep a run under ~10 minutes on 2 cores.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/LlMesh.Benchmarks -- [options]
          --repeats N            interleaved repeats per scenario (default 5; at least 3 for published numbers)
          --round-seconds S      time cap of one round (default 2.5); the request cap is per scenario
          --concurrency LIST     e.g. 1,10,100 (default)
          --modes LIST           chat,sse16,sse256 (default: all three)
          --llmesh-log-level L   LlMesh log level in gateway and agent (default Warning)
          --child-env KEY=VALUE  extra environment for every process under test (backend, hop, gateway,
                                 agent), e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0; repeatable
          --max-quiet-wait S     total seconds the run may wait for other processes to leave the CPU
                                 before rounds (default 120; 0 = never wait)
          --with-two-hops        also measure two plain YARP hops in a row (diagnostic; adds a third of the time)
          --output PATH          report file (default docs/benchmarks.md in the repository)
          --no-report            print the tables only
          --quick                1 repeat, 1 s rounds, no report: a smoke test of the benchmark itself
        yarp-hop --port N --backend URL   run the plain YARP hop (used by the benchmark itself)
        """;

    private readonly Dictionary<string, string> _childEnvironment = [];

    public int Repeats { get; private set; } = 5;

    public TimeSpan RoundDuration { get; private set; } = TimeSpan.FromSeconds(2.5);

    public IReadOnlyList<int> Concurrencies { get; private set; } = [1, 10, 100];

    public IReadOnlyList<RequestShape> Shapes { get; private set; } = [RequestShape.Chat, RequestShape.Sse16, RequestShape.Sse256];

    public string LlMeshLogLevel { get; private set; } = "Warning";

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
                case "--modes": options.Shapes = Value().Split(',').Select(RequestShape.Parse).ToArray(); break;
                case "--llmesh-log-level": options.LlMeshLogLevel = Value(); break;
                case "--child-env": options.AddChildEnvironment(Value()); break;
                case "--max-quiet-wait": options.MaxQuietWait = TimeSpan.FromSeconds(NonNegativeDouble(name, Value())); break;
                case "--with-two-hops": options.WithTwoHops = true; break;
                case "--output": options.OutputPath = Value(); break;
                case "--no-report": options.WriteReport = false; break;
                case "--quick":
                    options.Repeats = 1;
                    options.RoundDuration = TimeSpan.FromSeconds(1);
                    options.WriteReport = false;
                    break;
                case "--help" or "-h": options.Help = true; break;
                default: throw new FormatException($"Unknown option '{name}'.");
            }
        }

        return options;
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
