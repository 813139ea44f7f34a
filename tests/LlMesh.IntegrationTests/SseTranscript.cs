using System.Diagnostics;
using System.Text;

namespace LlMesh.IntegrationTests;

/// <summary>A whole SSE response as the caller received it, with when each event arrived.</summary>
internal sealed record SseTranscript(int Status, string ContentType, string Raw, IReadOnlyList<(TimeSpan At, string Block)> Blocks)
{
    public IEnumerable<string> DataBlocks => Blocks.Select(b => b.Block).Where(b => b.StartsWith("data:", StringComparison.Ordinal));

    public IEnumerable<string> CommentBlocks => Blocks.Select(b => b.Block).Where(b => b.StartsWith(':'));

    public static async Task<SseTranscript> ReadAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var raw = new StringBuilder();
        var blocks = new List<(TimeSpan, string)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var pending = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            raw.Append(buffer, 0, read);
            pending.Append(buffer, 0, read);
            int end;
            while ((end = pending.ToString().IndexOf("\n\n", StringComparison.Ordinal)) >= 0)
            {
                blocks.Add((clock.Elapsed, pending.ToString(0, end)));
                pending.Remove(0, end + 2);
            }
        }

        return new SseTranscript((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", raw.ToString(), blocks);
    }
}
