using System.Text;
using LlMesh.ApiFormats.Tokens;

namespace LlMesh.Gateway.Usage;

/// <summary>
/// Keeps just enough of an answer to read its token usage afterwards: for streams the first and last
/// few KB (Anthropic puts input tokens in the first event, both formats put the totals in the last),
/// for a non-streaming answer the body up to 1 MiB.
/// </summary>
internal sealed class UsageCapture(bool stream)
{
    private const int HeadBytes = 4 * 1024;
    private const int TailBytes = 16 * 1024;
    private const int BodyBytes = 1024 * 1024;
    private readonly System.Buffers.ArrayBufferWriter<byte> _head = new();
    private readonly byte[] _tail = new byte[TailBytes];
    private long _total;

    public void Observe(ReadOnlySpan<byte> data)
    {
        var headRoom = (stream ? HeadBytes : BodyBytes) - _head.WrittenCount;
        if (headRoom > 0)
        {
            System.Buffers.BuffersExtensions.Write(_head, data[..Math.Min(headRoom, data.Length)]);
        }

        if (stream)
        {
            // Keep the last TailBytes bytes, as a ring indexed by the running total.
            foreach (var b in data.Length > TailBytes ? data[^TailBytes..] : data)
            {
                _tail[_total++ % TailBytes] = b;
            }
        }
    }

    public LlMesh.ApiFormats.Tokens.Usage? Read()
    {
        if (!stream)
        {
            return UsageReader.TryRead(_head.WrittenSpan, out var whole) ? whole : null;
        }

        LlMesh.ApiFormats.Tokens.Usage? found = null;
        foreach (var text in new[] { Encoding.UTF8.GetString(_head.WrittenSpan), Tail() })
        {
            foreach (var block in text.Split("\n\n"))
            {
                foreach (var line in block.Split('\n'))
                {
                    if (line.StartsWith("data: ", StringComparison.Ordinal)
                        && UsageReader.TryRead(Encoding.UTF8.GetBytes(line[6..]), out var usage))
                    {
                        found = found is null ? usage : Merge(found, usage);
                    }
                }
            }
        }

        return found;
    }

    private static LlMesh.ApiFormats.Tokens.Usage Merge(LlMesh.ApiFormats.Tokens.Usage a, LlMesh.ApiFormats.Tokens.Usage b) => new(
        Math.Max(a.PromptTokens, b.PromptTokens),
        Math.Max(a.CompletionTokens, b.CompletionTokens),
        Math.Max(a.CachedTokens, b.CachedTokens),
        b.PromptTokensPerSecond ?? a.PromptTokensPerSecond,
        b.GenerationTokensPerSecond ?? a.GenerationTokensPerSecond);

    private string Tail()
    {
        var length = (int)Math.Min(_total, TailBytes);
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = _tail[(_total - length + i) % TailBytes];
        }

        // The first line may be cut; it is skipped by the "data: " test or fails to parse, harmlessly.
        return Encoding.UTF8.GetString(bytes);
    }
}
