using System.Buffers;
using System.Text;
using System.Text.Json;
using LlMesh.ApiFormats.Streaming;
using LlMesh.ApiFormats.Tests.Support;
using LlMesh.ApiFormats.Tokens;

namespace LlMesh.ApiFormats.Tests.Streaming;

public sealed class OpenAiToAnthropicStreamTests
{
    public static TheoryData<string> RecordedStreams =>
    [
        "llama-server-text",
        "llama-server-tool-calls",
        "llama-server-error",
        "llama-server-length-no-done",
    ];

    [Theory]
    [InlineData("llama-server-text")]
    [InlineData("llama-server-tool-calls")]
    public void Feed_LlamaServerStream_MatchesRecordedAnthropicStream(string name)
    {
        var output = AnthropicTranscript.Translate(Payload.Bytes($"Streams/{name}.sse"));

        Assert.Equal(Payload.Text($"Streams/{name}.anthropic.sse"), output);
    }

    [Theory]
    [MemberData(nameof(RecordedStreams))]
    public void Feed_OneByteAtATime_GivesTheSameOutputAsAllAtOnce(string name)
    {
        var input = Payload.Bytes($"Streams/{name}.sse");
        var whole = AnthropicTranscript.Translate(input);

        Assert.Equal(whole, AnthropicTranscript.Translate(input, pieceSize: 1));
        Assert.Equal(whole, AnthropicTranscript.Translate(input, pieceSize: 2));
        Assert.Equal(whole, AnthropicTranscript.Translate(input, pieceSize: 7));
        Assert.Equal(whole, AnthropicTranscript.Translate(input, pieceSize: 100));
    }

    [Theory]
    [MemberData(nameof(RecordedStreams))]
    public void Feed_CrLfOrCrLineEnds_GiveTheSameOutputAsLf(string name)
    {
        var lf = Payload.Text($"Streams/{name}.sse");
        var expected = AnthropicTranscript.Translate(Encoding.UTF8.GetBytes(lf));

        Assert.Equal(expected, AnthropicTranscript.Translate(Encoding.UTF8.GetBytes(lf.Replace("\n", "\r\n", StringComparison.Ordinal)), pieceSize: 1));
        Assert.Equal(expected, AnthropicTranscript.Translate(Encoding.UTF8.GetBytes(lf.Replace("\n", "\r", StringComparison.Ordinal)), pieceSize: 3));
    }

    [Fact]
    public void Feed_TextStream_AssemblesToTheFullAnswerWithUsage()
    {
        var message = Assemble(Payload.Bytes("Streams/llama-server-text.sse"));

        Assert.Equal("msg_Xq3Lr0aV9mT2kPz8", message.Id);
        Assert.Equal("claude-sonnet-4-5", message.Model);
        var block = Assert.Single(message.Content);
        Assert.Equal("text", block.Type);
        Assert.Equal("Paris is the capital of France.", block.Text);
        Assert.Equal("end_turn", message.StopReason);
        Assert.Null(message.StopSequence);
        Assert.Equal(8, message.Usage.GetProperty("input_tokens").GetInt32());
        Assert.Equal(16, message.Usage.GetProperty("cache_read_input_tokens").GetInt32());
        Assert.Equal(7, message.Usage.GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public void Feed_MultipleToolCallsWithArgumentsSplitAcrossChunks_BecomeOneToolUseBlockEach()
    {
        var message = Assemble(Payload.Bytes("Streams/llama-server-tool-calls.sse"), pieceSize: 5);

        Assert.Equal(["text", "tool_use", "tool_use"], message.Content.Select(b => b.Type));
        Assert.Equal("Let me check both.", message.Content[0].Text);
        Assert.Equal(("Vt7hR2cJ0fXbQm1s", "Bash"), (message.Content[1].ToolId, message.Content[1].ToolName));
        JsonAssert.Equal("""{"command":"ls -la","description":"List files"}""", Encoding.UTF8.GetBytes(message.Content[1].Input!.Value.GetRawText()));
        Assert.Equal(("Lp2Wq9Zk4nYt8Ud3", "Read"), (message.Content[2].ToolId, message.Content[2].ToolName));
        JsonAssert.Equal("""{"file_path":"/repo/README.md"}""", Encoding.UTF8.GetBytes(message.Content[2].Input!.Value.GetRawText()));
        Assert.Equal("tool_use", message.StopReason);
        Assert.Equal(41, message.Usage.GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public void Feed_WithAnEstimate_MessageStartAnnouncesItAndMessageDeltaCarriesTheBackendsCounts()
    {
        var translator = new OpenAiToAnthropicStream("claude-sonnet-4-5", estimatedInputTokens: 30);
        var output = new ArrayBufferWriter<byte>();
        translator.Feed(Payload.Bytes("Streams/llama-server-text.sse"), output);
        translator.Complete(output);

        var events = AnthropicTranscript.Parse(Encoding.UTF8.GetString(output.WrittenSpan));
        var start = events[0].Data.GetProperty("message").GetProperty("usage");
        Assert.Equal(30, start.GetProperty("input_tokens").GetInt32());
        Assert.Equal(0, start.GetProperty("cache_read_input_tokens").GetInt32());
        var delta = Assert.Single(events, e => e.Type == "message_delta").Data.GetProperty("usage");
        Assert.Equal(8, delta.GetProperty("input_tokens").GetInt32());
        Assert.Equal(16, delta.GetProperty("cache_read_input_tokens").GetInt32());
    }

    [Fact]
    public void Usage_AfterTheUsageChunk_IsAvailableForMetering()
    {
        var translator = new OpenAiToAnthropicStream("m");
        var output = new ArrayBufferWriter<byte>();
        var input = Payload.Bytes("Streams/llama-server-tool-calls.sse");

        translator.Feed(input.AsSpan(0, input.Length / 2), output);
        Assert.Null(translator.Usage);
        translator.Feed(input.AsSpan(input.Length / 2), output);

        Assert.Equal(new Usage(1830, 41, 1792, 315.35, 73.21), translator.Usage);
    }

    [Fact]
    public void Feed_ErrorEventMidStream_EndsWithAnthropicErrorEvent()
    {
        var events = AnthropicTranscript.Parse(AnthropicTranscript.Translate(Payload.Bytes("Streams/llama-server-error.sse")));

        Assert.Equal(
            ["message_start", "content_block_start", "content_block_delta", "content_block_delta", "error"],
            events.Select(e => e.Name));
        var error = events[^1].Data.GetProperty("error");
        Assert.Equal("api_error", error.GetProperty("type").GetString());
        Assert.Equal("Failed to decode the batch: KV cache is full", error.GetProperty("message").GetString());
    }

    [Fact]
    public void Complete_StreamWithoutDone_ClosesTheMessage_WithTheFinishReasonSeen()
    {
        var message = Assemble(Payload.Bytes("Streams/llama-server-length-no-done.sse"));

        Assert.Equal("The list goes: one, two,", Assert.Single(message.Content).Text);
        Assert.Equal("max_tokens", message.StopReason);
        Assert.Equal(6, message.Usage.GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public void Feed_RoleChunkWithNullContent_OpensNoBlock()
    {
        var message = Assemble(Sse(
            """{"id":"chatcmpl-1","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null}]}""",
            """{"id":"chatcmpl-1","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
            "[DONE]"));

        Assert.Empty(message.Content);
        Assert.Equal("end_turn", message.StopReason);
    }

    [Fact]
    public void Complete_EmptyStream_StillWritesAWellFormedMessage()
    {
        var events = AnthropicTranscript.Parse(AnthropicTranscript.Translate([]));

        Assert.Equal(["message_start", "message_delta", "message_stop"], events.Select(e => e.Name));
        AnthropicMessageAssembler.Assemble(events);
    }

    [Fact]
    public void Complete_StreamCutBeforeAnyFinishReason_ClosesTheOpenBlock_AndEstimatesOutputTokens()
    {
        var message = Assemble(Sse(
            """{"id":"chatcmpl-2","choices":[{"index":0,"delta":{"role":"assistant","content":null}}]}""",
            """{"id":"chatcmpl-2","choices":[{"index":0,"delta":{"content":"Half"}}]}""",
            """{"id":"chatcmpl-2","choices":[{"index":0,"delta":{"content":" an answer"}}]}"""));

        Assert.Equal("Half an answer", Assert.Single(message.Content).Text);
        Assert.Equal("end_turn", message.StopReason);
        Assert.Equal(2, message.Usage.GetProperty("output_tokens").GetInt32());
        Assert.False(message.Usage.TryGetProperty("input_tokens", out _));
    }

    [Fact]
    public void Feed_ReasoningContent_BecomesAThinkingBlockBeforeTheText()
    {
        var message = Assemble(Sse(
            """{"id":"chatcmpl-3","choices":[{"index":0,"delta":{"reasoning_content":"The user"}}]}""",
            """{"id":"chatcmpl-3","choices":[{"index":0,"delta":{"reasoning_content":" greets me."}}]}""",
            """{"id":"chatcmpl-3","choices":[{"index":0,"delta":{"content":"Hello!"}}]}""",
            """{"id":"chatcmpl-3","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
            "[DONE]"));

        Assert.Equal(["thinking", "text"], message.Content.Select(b => b.Type));
        Assert.Equal("The user greets me.", message.Content[0].Text);
        Assert.Equal("Hello!", message.Content[1].Text);
    }

    [Fact]
    public void Feed_WholeToolCallsWithoutIndex_BecomeSeparateBlocks()
    {
        var message = Assemble(Sse(
            """{"id":"chatcmpl-4","choices":[{"index":0,"delta":{"tool_calls":[{"id":"call_a","function":{"name":"f","arguments":"{\"x\":1}"}}]}}]}""",
            """{"id":"chatcmpl-4","choices":[{"index":0,"delta":{"tool_calls":[{"id":"call_b","function":{"name":"g","arguments":{"y":2}}}]}}]}""",
            """{"id":"chatcmpl-4","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
            "[DONE]"));

        Assert.Equal([("call_a", "f"), ("call_b", "g")], message.Content.Select(b => (b.ToolId, b.ToolName)));
        Assert.Equal(1, message.Content[0].Input!.Value.GetProperty("x").GetInt32());
        Assert.Equal(2, message.Content[1].Input!.Value.GetProperty("y").GetInt32());
        Assert.Equal("tool_use", message.StopReason);
    }

    [Fact]
    public void Feed_ArgumentsBeforeTheName_AreHeldUntilTheBlockCanStart()
    {
        var message = Assemble(Sse(
            """{"id":"chatcmpl-5","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","function":{"arguments":"{\"q\":"}}]}}]}""",
            """{"id":"chatcmpl-5","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"search","arguments":"\"cats\"}"}}]}}]}""",
            """{"id":"chatcmpl-5","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]"));

        var block = Assert.Single(message.Content);
        Assert.Equal("search", block.ToolName);
        Assert.Equal("cats", block.Input!.Value.GetProperty("q").GetString());
    }

    [Fact]
    public void Feed_ToolCallWithoutId_GetsAGeneratedToolUseId()
    {
        var message = Assemble(Sse(
            """{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"now","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}""",
            "[DONE]"));

        Assert.StartsWith("toolu_", Assert.Single(message.Content).ToolId, StringComparison.Ordinal);
        Assert.StartsWith("msg_", message.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_VllmMatchedStopString_GivesStopSequence()
    {
        var message = Assemble(Sse(
            """{"id":"cmpl-6","choices":[{"index":0,"delta":{"content":"SELECT 1"}}]}""",
            """{"id":"cmpl-6","choices":[{"index":0,"delta":{},"finish_reason":"stop","stop_reason":";"}]}""",
            "[DONE]"));

        Assert.Equal("stop_sequence", message.StopReason);
        Assert.Equal(";", message.StopSequence);
    }

    [Fact]
    public void Feed_FinishStopWithoutMatchedString_IsEndTurn()
    {
        var message = Assemble(Sse(
            """{"id":"cmpl-7","choices":[{"index":0,"delta":{"content":"x"}}]}""",
            """{"id":"cmpl-7","choices":[{"index":0,"delta":{},"finish_reason":"stop","stop_reason":null}]}""",
            "[DONE]"));

        Assert.Equal("end_turn", message.StopReason);
        Assert.Null(message.StopSequence);
    }

    [Fact]
    public void Feed_WithoutRequestedModel_ReportsTheBackendModel()
    {
        var output = AnthropicTranscript.Translate(Payload.Bytes("Streams/llama-server-text.sse"), requestedModel: null);

        Assert.Equal("qwen2.5-coder-7b-instruct-q4_k_m.gguf", AnthropicMessageAssembler.Assemble(AnthropicTranscript.Parse(output)).Model);
    }

    [Fact]
    public void Feed_MalformedEvent_EndsWithAnErrorEvent()
    {
        var events = AnthropicTranscript.Parse(AnthropicTranscript.Translate(Sse(
            """{"id":"c","choices":[{"index":0,"delta":{"content":"ok"}}]}""",
            """{"id":"c","choices":[{"index":0,"delta":{"content":""")));

        Assert.Equal("error", events[^1].Name);
        Assert.Equal("api_error", events[^1].Data.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public void Complete_FinalDoneWithoutNewline_StillEndsNormally()
    {
        var input = Encoding.UTF8.GetBytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]");

        var message = Assemble(input);

        Assert.Equal("Hi", Assert.Single(message.Content).Text);
        Assert.Equal("end_turn", message.StopReason);
    }

    [Fact]
    public void Feed_AfterTheEnd_WritesNothing()
    {
        var translator = new OpenAiToAnthropicStream();
        var output = new ArrayBufferWriter<byte>();
        translator.Feed(Payload.Bytes("Streams/llama-server-text.sse"), output);
        var written = output.WrittenCount;

        translator.Feed(Sse("""{"choices":[{"index":0,"delta":{"content":"late"}}]}"""), output);
        translator.Complete(output);
        translator.Fail("too late", output);

        Assert.True(translator.IsFinished);
        Assert.Equal(written, output.WrittenCount);
    }

    [Fact]
    public void Fail_MidStream_WritesOneErrorEvent()
    {
        var translator = new OpenAiToAnthropicStream("m");
        var output = new ArrayBufferWriter<byte>();
        translator.Feed(Sse("""{"choices":[{"index":0,"delta":{"content":"Hel"}}]}"""), output);

        translator.Fail("The worker disconnected.", output);
        translator.Complete(output);

        var events = AnthropicTranscript.Parse(Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "error"], events.Select(e => e.Name));
        Assert.Equal("The worker disconnected.", events[^1].Data.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void Feed_PartialEvent_WritesNothingUntilItIsComplete()
    {
        var translator = new OpenAiToAnthropicStream("m");
        var output = new ArrayBufferWriter<byte>();
        var input = Sse("""{"choices":[{"index":0,"delta":{"content":"Hi"}}]}""");

        translator.Feed(input.AsSpan(0, input.Length - 1), output);
        Assert.Equal(0, output.WrittenCount);

        translator.Feed(input.AsSpan(input.Length - 1), output);
        Assert.Contains("\"text\":\"Hi\"", Encoding.UTF8.GetString(output.WrittenSpan), StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_EachContentEvent_IsWrittenAsSoonAsItArrives()
    {
        var translator = new OpenAiToAnthropicStream("m");
        var output = new ArrayBufferWriter<byte>();
        var events = Payload.Text("Streams/llama-server-text.sse").Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        foreach (var sseEvent in events[1..8])
        {
            var before = output.WrittenCount;
            translator.Feed(Encoding.UTF8.GetBytes(sseEvent + "\n\n"), output);
            Assert.True(output.WrittenCount > before, $"nothing written for {sseEvent}");
        }
    }

    [Fact]
    public void Feed_TextWithQuotesAndUnicode_IsEscapedOnlyWhereJsonRequires()
    {
        var output = AnthropicTranscript.Translate(Sse("""{"choices":[{"index":0,"delta":{"content":"if (a < b && c) { say(\"héllo\\n\"); }"}}]}"""));

        Assert.Contains("""{"type":"text_delta","text":"if (a < b && c) { say(\"héllo\\n\"); }"}""", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_OversizedEvent_EndsWithAnErrorInsteadOfBufferingForever()
    {
        var translator = new OpenAiToAnthropicStream("m");
        var output = new ArrayBufferWriter<byte>();
        var piece = Encoding.UTF8.GetBytes("data: " + new string('x', 1024 * 1024));

        for (var i = 0; i < 20 && !translator.IsFinished; i++)
        {
            translator.Feed(piece, output);
        }

        Assert.True(translator.IsFinished);
        Assert.Equal("error", AnthropicTranscript.Parse(Encoding.UTF8.GetString(output.WrittenSpan))[^1].Name);
    }

    [Fact]
    public void ToolCallArgumentsWithoutAName_OrEndlessToolCalls_EndTheStreamWithAnErrorInsteadOfBeingHeld()
    {
        var fragment = new string('a', 64 * 1024);
        var nameless = Enumerable.Range(0, 20).Select(_ => $$$"""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{{{fragment}}}"}}]}}]}""");
        var endless = Enumerable.Range(0, 300).Select(i => $$$"""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":{{{i}}},"id":"call_{{{i}}}","function":{"name":"f","arguments":"{}"}}]}}]}""");

        foreach (var stream in new[] { nameless, endless })
        {
            var events = AnthropicTranscript.Parse(AnthropicTranscript.Translate(Sse([.. stream])));
            Assert.Equal("error", events[^1].Name);
            Assert.Single(events, e => e.Name == "error");
        }

        // Up to the limits, all is delivered.
        var few = Enumerable.Range(0, 10).Select(i => $$$"""{"choices":[{"index":0,"delta":{"tool_calls":[{"index":{{{i}}},"id":"call_{{{i}}}","function":{"name":"f","arguments":"{}"}}]}}]}""");
        Assert.Equal(10, Assemble(Sse([.. few])).Content.Count(c => c.Type == "tool_use"));
    }

    private static AssembledMessage Assemble(byte[] openAiStream, int pieceSize = int.MaxValue) =>
        AnthropicMessageAssembler.Assemble(AnthropicTranscript.Parse(AnthropicTranscript.Translate(openAiStream, pieceSize)));

    private static byte[] Sse(params string[] data) =>
        Encoding.UTF8.GetBytes(string.Concat(data.Select(d => $"data: {d}\n\n")));
}
