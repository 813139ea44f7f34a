using System.Text;
using LlMesh.Gateway.Usage;

namespace LlMesh.Gateway.Tests.Usage;

public sealed class UsageCaptureTests
{
    private const string Completed =
        """{"type":"response.completed","response":{"id":"resp_1","status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"TEXT"}]}],"usage":{"input_tokens":24,"output_tokens":5000,"total_tokens":5024,"input_tokens_details":{"cached_tokens":16}}},"timings":{"cache_n":16,"prompt_n":8,"prompt_per_second":194.5,"predicted_n":5000,"predicted_per_second":71.25}}""";

    [Theory]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(4096)]
    [InlineData(10_000)]
    [InlineData(int.MaxValue)]
    public void Read_ResponsesStreamWhoseLastEventIsLongerThanTheTail_StillFindsItsUsage(int pieceSize)
    {
        // A long answer: response.completed repeats all of it before its usage, so the event is longer than the tail kept.
        var text = string.Concat(Enumerable.Repeat("tok ", 10_000));
        var stream = Encoding.UTF8.GetBytes(
            "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"usage\":null}}\n\n"
            + $"event: response.completed\ndata: {Completed.Replace("TEXT", text, StringComparison.Ordinal)}\n\n");
        var capture = new UsageCapture(stream: true);

        for (var offset = 0; offset < stream.Length; offset += pieceSize)
        {
            capture.Observe(stream.AsSpan(offset, Math.Min(pieceSize, stream.Length - offset)));
        }

        Assert.Equal(new LlMesh.ApiFormats.Tokens.Usage(24, 5000, 16, 194.5, 71.25), capture.Read());
    }

    [Theory]
    [InlineData(1, 13)]
    [InlineData(20, 13)]
    [InlineData(200, 13)]
    [InlineData(200, 5000)]
    [InlineData(2000, 13)]
    [InlineData(2000, 1 << 20)]
    public void Read_OpenAiStreamsOfEveryLength_InPiecesOfAnySize_FindTheUsageAtTheEnd(int tokens, int pieceSize)
    {
        // The kept tail grows with the answer (1 KB, 2 KB, … 16 KB, then a ring): the usage chunk is found
        // whether the stream ends before, at or after each step.
        var chunks = string.Concat(Enumerable.Range(0, tokens).Select(i => $"data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"t{i}\"}}}}]}}\n\n"));
        var stream = Encoding.UTF8.GetBytes(chunks
            + $"data: {{\"choices\":[],\"usage\":{{\"prompt_tokens\":7,\"completion_tokens\":{tokens}}}}}\n\ndata: [DONE]\n\n");
        var capture = new UsageCapture(stream: true);

        for (var offset = 0; offset < stream.Length; offset += pieceSize)
        {
            capture.Observe(stream.AsSpan(offset, Math.Min(pieceSize, stream.Length - offset)));
        }

        Assert.Equal(new LlMesh.ApiFormats.Tokens.Usage(7, tokens, 0, null, null), capture.Read());
        Assert.Equal(tokens + 1, capture.DataEvents);
    }

    [Fact]
    public void Read_ShortResponsesStream_ReadsTheCompletedEvent()
    {
        var capture = new UsageCapture(stream: true);
        capture.Observe(Encoding.UTF8.GetBytes($"event: response.completed\ndata: {Completed.Replace("TEXT", "hi", StringComparison.Ordinal)}\n\n"));

        Assert.Equal(new LlMesh.ApiFormats.Tokens.Usage(24, 5000, 16, 194.5, 71.25), capture.Read());
    }

    [Fact]
    public void Read_OpenAiStreamWithUsageChunk_ReadsIt()
    {
        var capture = new UsageCapture(stream: true);
        capture.Observe("""
            data: {"choices":[{"index":0,"delta":{"content":"hi"}}]}

            data: {"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":4}},"timings":{"prompt_per_second":100.5,"predicted_per_second":20.5}}

            data: [DONE]


            """u8);

        Assert.Equal(new LlMesh.ApiFormats.Tokens.Usage(12, 1, 4, 100.5, 20.5), capture.Read());
    }

    [Fact]
    public void Read_NonStreamingBodyInPieces_ReadsItsUsage()
    {
        var body = Encoding.UTF8.GetBytes(
            """{"id":"c1","choices":[{"index":0,"message":{"role":"assistant","content":"hi"}}],"usage":{"prompt_tokens":9,"completion_tokens":2},"timings":{"prompt_per_second":50.5,"predicted_per_second":10.5}}""");
        var capture = new UsageCapture(stream: false);
        foreach (var piece in body.Chunk(10))
        {
            capture.Observe(piece);
        }

        Assert.Equal(new LlMesh.ApiFormats.Tokens.Usage(9, 2, 0, 50.5, 10.5), capture.Read());
    }

    [Fact]
    public void DataEvents_CountsTheStreamsDataLines_WithoutDone()
    {
        var capture = new UsageCapture(stream: true);
        capture.Observe("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: {\"choices\":[{\"delta\":"u8);
        capture.Observe("{\"content\":\"b\"}}]}\n\n: keep-alive\n\ndata: [DONE]\n\n"u8);

        Assert.Equal(2, capture.DataEvents);
    }
}
