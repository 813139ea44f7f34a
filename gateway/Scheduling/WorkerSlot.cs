using LlMesh.Gateway.Workers;

namespace LlMesh.Gateway.Scheduling;

/// <summary>A worker as one scheduling decision sees it: free slots and its owner's isolation flag.</summary>
internal readonly record struct WorkerSlot(Worker Worker, int Free, bool ReceiveIsolated, bool Suspended = false)
{
    public string Owner => Worker.Agent.Owner;

    public Modalities Modalities => Worker.Supports;
}
