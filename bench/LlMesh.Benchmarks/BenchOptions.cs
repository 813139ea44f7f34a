using LlMesh.Benchmarks.Load;

namespace LlMesh.Benchmarks;

/// <summary>
/// What one benchmark run measures and for how long (<see cref="BenchCommandLine"/> fills it from the command
/// line). The defaults keep a run under ~15 minutes on 2 cores.
/// </summary>
internal sealed class BenchOptions
{
    public const string PathsPhase = "paths";
    public const string HoldPhase = "hold";
    public const string FailoverPhase = "failover";

    /// <summary>The agent refuses more slots per backend than this.</summary>
    public const int MaxHoldStreams = 4096;

    public static readonly string[] AllPhases = [PathsPhase, HoldPhase, FailoverPhase];

    public static readonly RequestShape[] AllShapes = [RequestShape.Chat, RequestShape.Sse16, RequestShape.Sse256, RequestShape.Sse4096];

    public int Repeats { get; init; } = 5;

    public TimeSpan RoundDuration { get; init; } = TimeSpan.FromSeconds(2.5);

    /// <summary>Set by <c>--concurrency</c> for every mode; null: each mode's own default.</summary>
    public IReadOnlyList<int>? Concurrencies { get; init; }

    /// <summary>Concurrencies a mode named itself (<c>--modes sse16:10/1000</c>).</summary>
    public IReadOnlyDictionary<RequestShape, IReadOnlyList<int>> ModeConcurrencies { get; init; } = new Dictionary<RequestShape, IReadOnlyList<int>>();

    public IReadOnlyList<RequestShape> Shapes { get; init; } = AllShapes;

    public IReadOnlySet<string> Phases { get; init; } = new HashSet<string>(AllPhases, StringComparer.Ordinal);

    public IReadOnlyList<int> HoldStreams { get; init; } = [500, 1000, 2000, 4000];

    public int HoldTokenDelayMs { get; init; } = 1000;

    public int FailoverRepeats { get; init; } = 10;

    public bool WithFrozenAgent { get; init; }

    /// <summary>The concurrencies <paramref name="shape"/> is measured at.</summary>
    public IReadOnlyList<int> ConcurrenciesFor(RequestShape shape) =>
        ModeConcurrencies.GetValueOrDefault(shape) ?? Concurrencies ?? shape.DefaultConcurrencies;

    /// <summary>The most callers any path sees at once in the paths phase: the backend and the agent get that many slots.</summary>
    public int MaxConcurrency => Shapes.Max(s => ConcurrenciesFor(s).Max());

    public bool Runs(string phase) => Phases.Contains(phase);

    public IEnumerable<string> PhasesInOrder => AllPhases.Where(Phases.Contains);

    public string LlMeshLogLevel { get; init; } = "Warning";

    /// <summary><see cref="Processes.ProgramBuilds.Aot"/> or <see cref="Processes.ProgramBuilds.Jit"/>.</summary>
    public string Build { get; init; } = Processes.ProgramBuilds.Aot;

    public IReadOnlyDictionary<string, string> ChildEnvironment { get; init; } = new Dictionary<string, string>();

    public TimeSpan MaxQuietWait { get; init; } = TimeSpan.FromSeconds(120);

    public bool WithTwoHops { get; init; }

    public string? OutputPath { get; init; }

    public bool WriteReport { get; init; } = true;
}
