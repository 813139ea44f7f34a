using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace LlMesh.Benchmarks.Failover;

/// <summary>
/// One short SSE request read to the end, noting when its first <c>data:</c> event arrived; the content is
/// unique per probe so that prefix affinity does not steer it to the worker that served an earlier one.
/// </summary>
internal sealed class ProbeStream
{
    private static readonly Uri ChatPath = new("v1/chat/completions", UriKind.Relative);

    private ProbeStream(HttpClient client, string content, CancellationToken cancellationToken)
    {
        Completion = RunAsync(client, content, cancellationToken);
    }

    /// <summary><see cref="Stopwatch"/> timestamp of the first event; 0 until then.</summary>
    public long FirstEventAt { get; private set; }

    public long SentAt { get; private set; }

    /// <summary>Null when the answer was complete (<c>[DONE]</c>, no error event); otherwise what went wrong.</summary>
    public Task<string?> Completion { get; }

    public static ProbeStream Send(HttpClient client, string content, CancellationToken cancellationToken) => new(client, content, cancellationToken);

    private async Task<string?> RunAsync(HttpClient client, string content, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var json = $$"""{"model":"fake-model.gguf","messages":[{"role":"user","content":"{{content}}"}],"max_tokens":16,"stream":true}""";
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, ChatPath) { Content = body };
        SentAt = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var text = new StringBuilder();
            var buffer = new byte[4096];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                if (FirstEventAt == 0 && text.ToString().Contains("data:", StringComparison.Ordinal))
                {
                    FirstEventAt = Stopwatch.GetTimestamp();
                }
            }

            var answer = text.ToString();
            return !response.IsSuccessStatusCode ? $"HTTP {(int)response.StatusCode}: {answer}"
                : answer.Contains("\"error\"", StringComparison.Ordinal) ? "error event: " + answer
                : !answer.Contains("data: [DONE]", StringComparison.Ordinal) ? "no [DONE]: " + answer
                : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException)
        {
            return exception.Message;
        }
    }
}
