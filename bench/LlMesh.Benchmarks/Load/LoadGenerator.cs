using System.Diagnostics;
using System.Net.Http.Headers;

namespace LlMesh.Benchmarks.Load;

/// <summary>
/// Closed-loop load: <c>concurrency</c> callers each send a request, read the whole answer, and send the
/// next, until the round's request count or its time is used up. Connections are kept alive.
/// </summary>
internal static class LoadGenerator
{
    private const int BufferSize = 16 * 1024;
    private static readonly Uri ChatPath = new("v1/chat/completions", UriKind.Relative);

    public static async Task<LoadResult> RunAsync(
        BenchTarget target, RequestShape shape, int concurrency, int maxRequests, TimeSpan maxDuration, CancellationToken cancellationToken)
    {
        var budget = new RequestBudget(maxRequests, maxDuration);
        var started = Stopwatch.GetTimestamp();
        var callers = new Task<List<RequestSample>>[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            callers[i] = Task.Run(() => CallerAsync(target.Client, shape, budget, cancellationToken), cancellationToken);
        }

        var results = await Task.WhenAll(callers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new LoadResult(results.SelectMany(r => r).ToArray(), elapsed);
    }

    private static async Task<List<RequestSample>> CallerAsync(HttpClient client, RequestShape shape, RequestBudget budget, CancellationToken cancellationToken)
    {
        var samples = new List<RequestSample>();
        var buffer = new byte[BufferSize];
        var counter = new SseEventCounter();
        while (budget.TryTake())
        {
            try
            {
                samples.Add(await SendAsync(client, shape, buffer, counter, cancellationToken));
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException
                || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                samples.Add(RequestSample.Failed);
            }
        }

        return samples;
    }

    private static async Task<RequestSample> SendAsync(HttpClient client, RequestShape shape, byte[] buffer, SseEventCounter counter, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var content = new ByteArrayContent(shape.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, ChatPath) { Content = content };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var headersAt = Stopwatch.GetTimestamp();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            await body.CopyToAsync(Stream.Null, cancellationToken);
            return RequestSample.Failed;
        }

        if (!shape.Stream)
        {
            while (await body.ReadAsync(buffer, cancellationToken) > 0)
            {
            }

            return new RequestSample(true, headersAt - started, Stopwatch.GetTimestamp() - started, Events: 0);
        }

        counter.Reset();
        var carried = 0;
        long received = 0;
        long firstEventAt = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(carried), cancellationToken)) > 0)
        {
            var window = buffer.AsSpan(0, carried + read);
            counter.Scan(window, carried, atStreamStart: received == carried);
            if (firstEventAt == 0 && counter.DataLines > 0)
            {
                firstEventAt = Stopwatch.GetTimestamp();
            }

            received += read;
            var keep = Math.Min(SseEventCounter.Overlap, window.Length);
            window[^keep..].CopyTo(buffer);
            carried = keep;
        }

        var ended = Stopwatch.GetTimestamp();
        var complete = counter.SawDone && counter.Events >= shape.Tokens;
        return complete ? new RequestSample(true, firstEventAt - started, ended - started, counter.Events) : RequestSample.Failed;
    }

    /// <summary>The round's shared allowance: a number of requests, and a time after which no new one starts.</summary>
    private sealed class RequestBudget(int maxRequests, TimeSpan maxDuration)
    {
        private readonly long _deadline = Stopwatch.GetTimestamp() + (long)(maxDuration.TotalSeconds * Stopwatch.Frequency);
        private int _remaining = maxRequests;

        public bool TryTake() => Stopwatch.GetTimestamp() < _deadline && Interlocked.Decrement(ref _remaining) >= 0;
    }
}
