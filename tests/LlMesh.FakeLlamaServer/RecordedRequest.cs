namespace LlMesh.FakeLlamaServer;

/// <summary>
/// One POST the server received. Immutable: every state change stores a new version, so a value read from
/// <see cref="FakeLlamaServer.Requests"/> is a consistent snapshot; read the list again for later states.
/// </summary>
/// <param name="Id">Sequence number, starting at 1 in arrival order.</param>
/// <param name="Headers">All request headers, case-insensitive names; repeated headers joined with a comma.</param>
public sealed record RecordedRequest(
    int Id,
    string Method,
    string Path,
    string Query,
    string Body,
    bool Stream,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset StartedAt)
{
    public DateTimeOffset? SlotAcquiredAt { get; init; }

    public int? SlotId { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Tokens generated so far (streamed chunks for a stream).</summary>
    public int TokensSent { get; init; }

    public RequestOutcome Outcome { get; init; }

    /// <summary>HTTP status of the answer, once it ended (200 for a stream that failed mid-way).</summary>
    public int? StatusCode { get; init; }

    /// <summary>The value of a header, or null when it did not arrive.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
