using System.Diagnostics;
using System.Net.Http.Headers;
using LlMesh.Benchmarks.Load;

namespace LlMesh.Benchmarks.Holding;

/// <summary>
/// One SSE stream kept open: it is sent, its first <c>data:</c> event awaited, and then read (events counted)
/// until the holder closes it. A stream that ends or fails on its own before that is no longer open.
/// </summary>
internal sealed class HeldStream
{
    private static readonly Uri ChatPath = new("v1/chat/completions", UriKind.Relative);

    private readonly TaskCompletionSource<bool> _firstEvent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _events;
    private volatile bool _ended;

    private HeldStream(HttpClient client, CancellationToken closing)
    {
        Reading = ReadAsync(client, closing);
    }

    /// <summary>True once the first event arrived; false when the stream failed or ended before it.</summary>
    public Task<bool> FirstEvent => _firstEvent.Task;

    /// <summary>From sending to the first event, in <see cref="Stopwatch"/> ticks.</summary>
    public long FirstEventTicks { get; private set; }

    public int Events => Volatile.Read(ref _events);

    /// <summary>Ended or failed on its own, not closed by the holder.</summary>
    public bool Ended => _ended;

    public string? Failure { get; private set; }

    public Task Reading { get; }

    public static HeldStream Open(HttpClient client, CancellationToken closing) => new(client, closing);

    private async Task ReadAsync(HttpClient client, CancellationToken closing)
    {
        await Task.Yield();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var content = new ByteArrayContent(RequestShape.Endless.Body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, ChatPath) { Content = content };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, closing);
            if (!response.IsSuccessStatusCode)
            {
                End($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(closing)}");
                return;
            }

            await using var body = await response.Content.ReadAsStreamAsync(closing);
            var buffer = new byte[4096];
            var counter = new SseEventCounter();
            var carried = 0;
            long received = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(carried), closing)) > 0)
            {
                var window = buffer.AsSpan(0, carried + read);
                counter.Scan(window, carried, atStreamStart: received == carried);
                Volatile.Write(ref _events, counter.DataLines);
                if (counter.DataLines > 0 && !_firstEvent.Task.IsCompleted)
                {
                    FirstEventTicks = Stopwatch.GetTimestamp() - started;
                    _firstEvent.TrySetResult(true);
                }

                received += read;
                var keep = Math.Min(SseEventCounter.Overlap, window.Length);
                window[^keep..].CopyTo(buffer);
                carried = keep;
            }

            End("the stream ended");
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
            _firstEvent.TrySetResult(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException)
        {
            End(exception.Message);
        }
    }

    private void End(string reason)
    {
        Failure = reason;
        _ended = true;
        _firstEvent.TrySetResult(false);
    }
}
