using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Tests.Scheduling;
using LlMesh.State;

namespace LlMesh.Benchmarks.Scheduler.Workload;

/// <summary>
/// The stream of arriving jobs, seeded so every run sees the same one: twelve users (the five machine
/// owners and seven guests, one of them a batch user sending mostly low-tier jobs), all three tiers,
/// half the jobs for the alias, some for vision, most carrying a conversation's prefix key.
/// </summary>
internal sealed class JobMix
{
    /// <summary>Users with their share of the arrivals (percent) and, per user, the chance of a high and of a low job.</summary>
    public static readonly IReadOnlyList<(string User, int Share, double High, double Low)> Users =
    [
        ("alice", 8, 0.15, 0.15), ("bob", 8, 0.15, 0.15), ("carol", 8, 0.15, 0.15), ("dave", 6, 0.15, 0.15), ("erin", 6, 0.15, 0.15),
        ("frank", 30, 0.00, 0.80), ("grace", 6, 0.15, 0.15), ("heidi", 6, 0.15, 0.15), ("ivan", 6, 0.15, 0.15),
        ("judy", 6, 0.15, 0.15), ("mallory", 5, 0.15, 0.15), ("oscar", 5, 0.15, 0.15),
    ];

    /// <summary>Conversations per user; a job of one of them shares its prefix key with the conversation's earlier turns.</summary>
    private const int ConversationsPerUser = 200;

    private readonly SchedulingFixture _mesh;
    private readonly Random _random;
    private readonly (JobTarget Target, Modalities Modalities, int Share)[] _kinds;
    private readonly int[] _userThresholds;
    private readonly int[] _kindThresholds;

    public JobMix(SchedulingFixture mesh, int seed)
    {
        _mesh = mesh;
        _random = new Random(seed);
        _kinds =
        [
            (Mesh.ChatAlias, Modalities.None, 50),
            (JobTarget.ForModel(Mesh.Llama), Modalities.None, 20),
            (JobTarget.ForModel(Mesh.Qwen), Modalities.None, 17),
            (JobTarget.ForModel(Mesh.Gemma), Modalities.None, 4),
            (JobTarget.ForModel(Mesh.Gemma), Modalities.Vision, 4),
            (JobTarget.ForModel(Mesh.Hosted), Modalities.None, 5),
        ];
        _userThresholds = Cumulative(Users.Select(u => u.Share));
        _kindThresholds = Cumulative(_kinds.Select(k => k.Share));
    }

    public Job Next()
    {
        var userIndex = Pick(_userThresholds);
        var (user, _, high, low) = Users[userIndex];
        var roll = _random.NextDouble();
        var priority = roll < high ? Priority.High : roll < high + low ? Priority.Low : Priority.Normal;
        var (target, modalities, _) = _kinds[Pick(_kindThresholds)];
        ulong? prefix = _random.NextDouble() < 0.7 ? ((ulong)userIndex << 32) | (uint)_random.Next(ConversationsPerUser) : null;
        return _mesh.Job(user, target, priority, modalities, prefix);
    }

    private int Pick(int[] thresholds)
    {
        var roll = _random.Next(thresholds[^1]);
        var i = 0;
        while (roll >= thresholds[i])
        {
            i++;
        }

        return i;
    }

    private static int[] Cumulative(IEnumerable<int> shares)
    {
        var sum = 0;
        return shares.Select(s => sum += s).ToArray();
    }
}
