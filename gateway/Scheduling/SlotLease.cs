using LlMesh.Gateway.Workers;

namespace LlMesh.Gateway.Scheduling;

/// <summary>A slot on a worker, held while a job runs; disposing it frees the slot.</summary>
internal sealed class SlotLease(JobScheduler scheduler, Worker worker) : IDisposable
{
    private int _released;

    public Worker Worker { get; } = worker;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            scheduler.Release(Worker);
        }
    }
}
