using System.Text;
using LlMesh.ApiFormats.Streaming;

namespace LlMesh.ApiFormats.Tests.Streaming;

public sealed class SseEventReaderTests
{
    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void TryReadEvent_AnyLineEnding_AnySplit_YieldsTheSameEvents(string newline)
    {
        var stream = string.Join(newline, ": keep-alive", "", "data: {\"a\":1}", "", "event: ignored", "id: 7", "data: {\"b\":2}", "", "data: [DONE]", "", "");

        for (var piece = 1; piece <= stream.Length; piece++)
        {
            Assert.Equal(["{\"a\":1}", "{\"b\":2}", "[DONE]"], ReadAll(stream, piece));
        }
    }

    [Fact]
    public void TryReadEvent_SeveralDataLines_AreJoinedWithNewline()
    {
        Assert.Equal(["first\nsecond"], ReadAll("data: first\ndata: second\n\n", 3));
    }

    [Fact]
    public void TryReadEvent_DataWithoutSpaceOrValue_IsRead()
    {
        Assert.Equal(["{}", ""], ReadAll("data:{}\n\ndata\n\n", 1));
    }

    [Fact]
    public void TryReadEvent_CommentsOnly_YieldNothing()
    {
        Assert.Empty(ReadAll(": ping\n\n: ping\n\n\n\n", 2));
    }

    [Fact]
    public void TryReadUnterminatedEvent_ReturnsTheEventCutOffAtTheEnd()
    {
        var reader = new SseEventReader();
        ReadOnlySpan<byte> input = "data: one\n\ndata: [DONE]"u8;
        Assert.True(reader.TryReadEvent(ref input, out var first));
        Assert.Equal("one", Encoding.UTF8.GetString(first));
        Assert.False(reader.TryReadEvent(ref input, out _));

        Assert.True(reader.TryReadUnterminatedEvent(out var last));
        Assert.Equal("[DONE]", Encoding.UTF8.GetString(last));
        Assert.False(reader.TryReadUnterminatedEvent(out _));
    }

    [Fact]
    public void TryReadEvent_EventLargerThanTheLimit_Throws()
    {
        var reader = new SseEventReader();
        var big = new byte[SseEventReader.MaxEventBytes + 1];
        big.AsSpan().Fill((byte)'x');

        Assert.Throws<InvalidDataException>(() =>
        {
            ReadOnlySpan<byte> input = big;
            reader.TryReadEvent(ref input, out _);
        });
    }

    private static List<string> ReadAll(string stream, int pieceSize)
    {
        var reader = new SseEventReader();
        var bytes = Encoding.UTF8.GetBytes(stream);
        var events = new List<string>();
        for (var offset = 0; offset < bytes.Length; offset += pieceSize)
        {
            ReadOnlySpan<byte> input = bytes.AsSpan(offset, Math.Min(pieceSize, bytes.Length - offset));
            while (reader.TryReadEvent(ref input, out var data))
            {
                events.Add(Encoding.UTF8.GetString(data));
            }
        }

        return events;
    }
}
