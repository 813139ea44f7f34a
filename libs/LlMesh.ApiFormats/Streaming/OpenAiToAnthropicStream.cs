using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using LlMesh.ApiFormats.Tokens;

namespace LlMesh.ApiFormats.Streaming;

/// <summary>
/// Incrementally translates an OpenAI chat completions stream (SSE) into an Anthropic Messages stream (SSE).
/// Feed it the backend's bytes as they arrive, split anywhere; it writes Anthropic events as soon as they are
/// complete and holds no more than one event in memory. One instance per response; not thread-safe.
/// </summary>
/// <remarks>
/// Comment lines (<c>: keep-alive</c>) are dropped: the gateway writes its own keep-alives. An OpenAI error
/// event becomes an Anthropic <c>error</c> event (type <c>api_error</c>) and ends the stream, as does an event
/// that is not valid JSON. After the end, further input is ignored.
/// </remarks>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It translates a stream; it is not a System.IO.Stream.")]
public sealed class OpenAiToAnthropicStream
{
    private static readonly byte[] Done = "[DONE]"u8.ToArray();
    private static readonly byte[] Whitespace = " \t\r\n"u8.ToArray();

    private readonly SseEventReader _events = new();
    private readonly OpenAiChunk _chunk = new();
    private readonly StreamTranslator _translator;

    /// <param name="requestedModel">The model the caller asked for, reported in <c>message_start</c>; the backend's when null.</param>
    /// <param name="estimatedInputTokens">
    /// The prompt size <c>message_start</c> announces. An OpenAI stream reports its counts only in the last chunk,
    /// after <c>message_start</c> has gone out, so the caller's estimate stands in (clients such as Claude Code size
    /// their context from it); <c>message_delta</c> then carries the backend's exact counts.
    /// </param>
    public OpenAiToAnthropicStream(string? requestedModel = null, int estimatedInputTokens = 0)
    {
        _translator = new StreamTranslator(requestedModel, Math.Max(estimatedInputTokens, 0));
    }

    /// <summary>True once <c>message_stop</c> or an <c>error</c> event has been written.</summary>
    public bool IsFinished => _translator.IsFinished;

    /// <summary>
    /// Token counts (and llama-server speeds) from the backend's usage chunk, for metering; null until it has
    /// arrived or when the backend sent none.
    /// </summary>
    public Usage? Usage => _translator.Usage;

    /// <summary>Consumes the next bytes of the OpenAI stream and writes any Anthropic events they complete.</summary>
    public void Feed(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            while (!_translator.IsFinished && _events.TryReadEvent(ref input, out var data))
            {
                Handle(data, output);
            }
        }
        catch (InvalidDataException exception)
        {
            _translator.OnError(exception.Message, output);
        }
    }

    /// <summary>
    /// Call when the backend's stream has ended. Writes the closing <c>message_delta</c> and <c>message_stop</c>
    /// if <c>[DONE]</c> never came; with no finish reason seen, the stop reason is <c>end_turn</c>.
    /// </summary>
    public void Complete(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!_translator.IsFinished && _events.TryReadUnterminatedEvent(out var data))
        {
            Handle(data, output);
        }

        _translator.OnDone(output);
    }

    /// <summary>
    /// Ends the stream with an Anthropic <c>error</c> event, for failures the gateway sees itself (the backend
    /// connection broke, a timeout). Does nothing if the stream has already ended.
    /// </summary>
    public void Fail(string message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        _translator.OnError(message, output);
    }

    private void Handle(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        var json = data.Trim(Whitespace);
        if (json.IsEmpty)
        {
            return;
        }

        if (json.SequenceEqual(Done))
        {
            _translator.OnDone(output);
        }
        else if (OpenAiChunkReader.TryRead(json, _chunk))
        {
            _translator.OnChunk(_chunk, output);
        }
        else
        {
            _translator.OnError("The backend sent a stream event that is not valid JSON.", output);
        }
    }
}
