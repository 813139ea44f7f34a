using System.Diagnostics;

namespace LlMesh.Benchmarks.Processes;

/// <summary>Reads a fake llama-server's <c>/slots</c>: how many slots are busy (a job in prefill, a stream not yet closed).</summary>
internal sealed class BackendSlots(Uri backend) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _client = new() { BaseAddress = backend, Timeout = TimeSpan.FromSeconds(10) };

    public async Task<int> BusyAsync(CancellationToken cancellationToken)
    {
        var body = await _client.GetStringAsync(new Uri("slots", UriKind.Relative), cancellationToken);
        return CountOf(body, "\"is_processing\":true");
    }

    public async Task WaitUntilIdleAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        int busy;
        while ((busy = await BusyAsync(cancellationToken)) > 0)
        {
            if (waited.Elapsed > Timeout)
            {
                throw new TimeoutException($"{busy} backend slots still busy {Timeout.TotalSeconds:0} s after their streams were closed.");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public void Dispose() => _client.Dispose();

    private static int CountOf(string text, string pattern)
    {
        var count = 0;
        for (var at = text.IndexOf(pattern, StringComparison.Ordinal); at >= 0; at = text.IndexOf(pattern, at + pattern.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
