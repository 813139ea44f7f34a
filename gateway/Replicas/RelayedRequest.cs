namespace LlMesh.Gateway.Replicas;

/// <summary>
/// Request feature: this request was relayed by another replica, which owns the caller's connection
/// (keep-alives, timeouts, re-queues). Here it runs like a worker's request: no early commit, no relaying on.
/// </summary>
internal sealed record RelayedRequest(string Origin);

/// <summary>
/// Request feature at the caller's replica: this attempt goes to another replica, with these headers
/// (mesh secret, the caller's key id, the job's priority).
/// </summary>
internal sealed record RelayPlan(ReplicaAnnouncement Replica, IReadOnlyList<KeyValuePair<string, string>> Headers);
