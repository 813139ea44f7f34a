using System.Buffers;
using System.Text;
using System.Text.Json;
using LlMesh.ApiFormats.Streaming;

namespace LlMesh.ApiFormats.Tests.Support;

/// <summary>One Anthropic SSE event as a client sees it.</summary>
internal sealed record AnthropicEvent(string Name, JsonElement Data)
{
    public string Type => Data.GetProperty("type").GetString()!;
}

/// <summary>Runs a translation and parses what it wrote back into events.</summary>
internal static class AnthropicTranscript
{
    /// <summary>Feeds <paramref name="openAiStream"/> in pieces of <paramref name="pieceSize"/> bytes, then completes.</summary>
    public static string Translate(byte[] openAiStream, int pieceSize = int.MaxValue, string? requestedModel = "claude-sonnet-4-5")
    {
        var translator = new OpenAiToAnthropicStream(requestedModel);
        var output = new ArrayBufferWriter<byte>();
        for (var offset = 0; offset < openAiStream.Length; offset += pieceSize)
        {
            translator.Feed(openAiStream.AsSpan(offset, Math.Min(pieceSize, openAiStream.Length - offset)), output);
        }

        translator.Complete(output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    public static IReadOnlyList<AnthropicEvent> Parse(string sse)
    {
        var events = new List<AnthropicEvent>();
        foreach (var frame in sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = frame.Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
            var name = lines[0]["event: ".Length..];
            var data = JsonAssert.Parse(lines[1]["data: ".Length..]);
            Assert.Equal(name, data.GetProperty("type").GetString());
            events.Add(new AnthropicEvent(name, data));
        }

        Assert.EndsWith("\n\n", sse, StringComparison.Ordinal);
        return events;
    }
}
