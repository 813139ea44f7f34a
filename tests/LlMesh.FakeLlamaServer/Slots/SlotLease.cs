namespace LlMesh.FakeLlamaServer.Slots;

/// <summary>A slot held by one request; disposing it frees the slot for the next waiting request.</summary>
internal sealed class SlotLease(SlotPool pool, int index) : IDisposable
{
    private int _released;

    public int Index => index;

    public void ReportProgress(int decoded, int remaining) => pool.ReportProgress(index, decoded, remaining);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            pool.Release(index);
        }
    }
}
