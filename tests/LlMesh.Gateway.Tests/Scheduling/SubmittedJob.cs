using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Workers;

namespace LlMesh.Gateway.Tests.Scheduling;

/// <summary>
/// A job handed to <see cref="JobScheduler.AcquireAsync"/>. Whether and where it was dispatched is read
/// from <see cref="Job.Dispatched"/>, which completes inside the release that dispatched it, so tests
/// can observe the dispatch order synchronously.
/// </summary>
internal sealed record SubmittedJob(Job Job, Task<SlotLease> Lease)
{
    public bool IsDispatched => Job.Dispatched.Task.IsCompletedSuccessfully;

    public Worker Worker => IsDispatched ? Job.Dispatched.Task.Result : throw new InvalidOperationException($"{Job.Id} was not dispatched.");

    public async Task<SlotLease> LeaseAsync() => await Lease.WaitAsync(SchedulingFixture.Timeout);
}

internal static class JobSchedulerExtensions
{
    public static SubmittedJob Submit(this JobScheduler scheduler, Job job, CancellationToken cancellationToken = default) =>
        new(job, scheduler.AcquireAsync(job, cancellationToken).AsTask());

    /// <summary>
    /// Frees <paramref name="lease"/>'s slot and returns the one job of <paramref name="waiting"/> it went to
    /// (taking it out of the list); fails when it went to none or to several.
    /// </summary>
    public static SubmittedJob ReleaseAndTakeNext(this SlotLease lease, List<SubmittedJob> waiting)
    {
        lease.Dispose();
        var next = Assert.Single(waiting, j => j.IsDispatched);
        waiting.Remove(next);
        return next;
    }
}
