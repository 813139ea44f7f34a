using System.Text;
using LlMesh.ApiFormats.Tokens;

namespace LlMesh.Gateway.Usage;

/// <summary>
/// Keeps just enough of an answer to read its token usage afterwards: for streams the first and last
/// few KB (Anthropic puts input tokens in the first event; OpenAI, Anthropic and Responses streams put the
/// totals in the last), for a non-streaming answer the body up to 1 MiB.
/// </summary>
internal sealed class UsageCapture(bool stream)
{
    private const int HeadBytes = 4 * 1024;
    private const int TailBytes = 16 * 1024;

    // The tail grows from this as a stream's answer does: most streams held open are still short.
    private const int FirstTailBytes = 1024;

    // Enough of a line's start to tell "data: [DONE]" (with a few spaces) from an event.
    private const int ProbeBytes = 16;
    private const int BodyBytes = 1024 * 1024;
    private readonly System.Buffers.ArrayBufferWriter<byte> _head = new();
    private readonly byte[] _probe = stream ? new byte[ProbeBytes] : [];
    private byte[]? _tail;
    private long _total;
    private int _probeLength;

    /// <summary>SSE <c>data:</c> lines seen in a stream, <c>[DONE]</c> aside: about one per token from llama-server.</summary>
    public int DataEvents { get; private set; }

    public void Observe(ReadOnlySpan<byte> data)
    {
        var headRoom = (stream ? HeadBytes : BodyBytes) - _head.WrittenCount;
        if (headRoom > 0)
        {
            System.Buffers.BuffersExtensions.Write(_head, data[..Math.Min(headRoom, data.Length)]);
        }

        if (stream)
        {
            // Keep the last TailBytes bytes, as a ring indexed by the running total. Only streams need it, and
            // only what has been written is ever read, so the ring needs no zeroing. It starts small and grows
            // while it has not yet wrapped (its content is then [0, _total), where the full ring keeps it too).
            CountDataEvents(data);
            var needed = (int)Math.Min(TailBytes, _total + data.Length);
            if (_tail is null || _tail.Length < needed)
            {
                var grown = GC.AllocateUninitializedArray<byte>(Math.Min(TailBytes, Math.Max(needed, Math.Max(FirstTailBytes, 2 * (_tail?.Length ?? 0)))));
                _tail?.AsSpan(0, (int)Math.Min(_total, _tail.Length)).CopyTo(grown);
                _tail = grown;
            }

            if (data.Length > TailBytes)
            {
                _total += data.Length - TailBytes;
                data = data[^TailBytes..];
            }

            var start = (int)(_total % TailBytes);
            var first = Math.Min(data.Length, TailBytes - start);
            data[..first].CopyTo(_tail.AsSpan(start));
            data[first..].CopyTo(_tail);
            _total += data.Length;
        }
    }

    /// <summary>
    /// Counts lines that start <c>data:</c> (and are not <c>[DONE]</c>) however the stream is cut into pieces:
    /// only the first <see cref="ProbeBytes"/> bytes of each line are kept, the rest is skipped by a vectorized search.
    /// </summary>
    private void CountDataEvents(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var segment = newline < 0 ? data : data[..newline];
            if (_probeLength < ProbeBytes)
            {
                var take = Math.Min(segment.Length, ProbeBytes - _probeLength);
                segment[..take].CopyTo(_probe.AsSpan(_probeLength));
                _probeLength += take;
            }

            if (newline < 0)
            {
                return;
            }

            var line = _probe.AsSpan(0, _probeLength);
            if (line.StartsWith("data:"u8) && !line[5..].TrimStart(" "u8).StartsWith("[DONE]"u8))
            {
                DataEvents++;
            }

            _probeLength = 0;
            data = data[(newline + 1)..];
        }
    }

    public LlMesh.ApiFormats.Tokens.Usage? Read()
    {
        if (!stream)
        {
            return UsageReader.TryRead(_head.WrittenSpan, out var whole) ? whole : null;
        }

        LlMesh.ApiFormats.Tokens.Usage? found = null;
        var tail = Tail();
        foreach (var text in new[] { Encoding.UTF8.GetString(_head.WrittenSpan), tail })
        {
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    Add(ref found, line[6..]);
                }
            }
        }

        if (_total > TailBytes)
        {
            // The tail starts inside an event. A Responses stream's response.completed repeats the whole answer
            // before its usage, so for a long answer that event is cut: read the objects that end it.
            var end = tail.IndexOf('\n', StringComparison.Ordinal);
            var cut = end < 0 ? tail : tail[..end];
            foreach (var key in CutEventKeys)
            {
                if (cut.LastIndexOf(key, StringComparison.Ordinal) is var at and >= 0)
                {
                    Add(ref found, "{" + cut[at..]);
                }
            }
        }

        return found;
    }

    private static readonly string[] CutEventKeys = ["\"usage\":", "\"timings\":"];

    private static void Add(ref LlMesh.ApiFormats.Tokens.Usage? found, string json)
    {
        if (UsageReader.TryRead(Encoding.UTF8.GetBytes(json), out var usage))
        {
            found = found is null ? usage : Merge(found, usage);
        }
    }

    private static LlMesh.ApiFormats.Tokens.Usage Merge(LlMesh.ApiFormats.Tokens.Usage a, LlMesh.ApiFormats.Tokens.Usage b) => new(
        Math.Max(a.PromptTokens, b.PromptTokens),
        Math.Max(a.CompletionTokens, b.CompletionTokens),
        Math.Max(a.CachedTokens, b.CachedTokens),
        b.PromptTokensPerSecond ?? a.PromptTokensPerSecond,
        b.GenerationTokensPerSecond ?? a.GenerationTokensPerSecond);

    private string Tail()
    {
        if (_tail is null)
        {
            return "";
        }

        var length = (int)Math.Min(_total, TailBytes);
        var bytes = new byte[length];
        var start = (int)((_total - length) % TailBytes);
        var first = Math.Min(length, TailBytes - start);
        _tail.AsSpan(start, first).CopyTo(bytes);
        _tail.AsSpan(0, length - first).CopyTo(bytes.AsSpan(first));

        // The first line may be cut; it is skipped by the "data: " test or fails to parse, harmlessly.
        return Encoding.UTF8.GetString(bytes);
    }
}
