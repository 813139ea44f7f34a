namespace LlMesh.Gateway.Live;

/// <summary>The portal's live view: workers, the queue, running jobs and recent errors, at one moment.</summary>
internal sealed record LiveView(
    DateTimeOffset At,
    IReadOnlyList<LiveWorker> Workers,
    IReadOnlyList<QueuedJobView> Queue,
    IReadOnlyList<RunningJob> Running,
    IReadOnlyList<FailedJob> RecentErrors);

internal sealed record LiveWorker(
    string Id, string Agent, string Owner, string? Version, IReadOnlyList<string> Models, int Slots, int InFlight,
    bool Healthy, bool Draining, DateTimeOffset ConnectedAt);

internal sealed record QueuedJobView(string Id, string User, string Model, string Priority, DateTimeOffset AcceptedAt, double WaitSeconds);
