using System.Buffers;
using System.Text;
using LlMesh.ApiFormats.Anthropic;
using LlMesh.ApiFormats.Tokens;

namespace LlMesh.ApiFormats.Streaming;

/// <summary>
/// Turns parsed OpenAI chunks into Anthropic events: <c>message_start</c> on the first chunk, one content block
/// per run of reasoning, text or tool call, and <c>message_delta</c> + <c>message_stop</c> at the end. The end
/// comes with <c>[DONE]</c> or when the stream closes, because the usage chunk follows the finish chunk.
/// </summary>
internal sealed class StreamTranslator(string? requestedModel, int estimatedInputTokens = 0)
{
    private readonly ContentBlockSequence _blocks = new();
    // Far above real answers; a backend (an agent anyone may run) cannot make the gateway hold more.
    private const int MaxToolCalls = 256;
    private const int MaxToolNameLength = 1024;
    private const int MaxPendingArgumentChars = 1024 * 1024;

    private readonly Dictionary<int, ToolCallState> _toolCalls = [];
    private int _lastToolKey = -1;
    private bool _started;
    private string? _finishReason;
    private string? _matchedStopSequence;
    private StreamUsage _usage;
    private int _deltaChunks;

    public bool IsFinished { get; private set; }

    /// <summary>The backend's usage report, once its usage chunk has arrived.</summary>
    public Usage? Usage => _usage.IsKnown
        ? new Usage(_usage.PromptTokens, _usage.CompletionTokens, _usage.CachedTokens, _usage.PromptPerSecond, _usage.PredictedPerSecond)
        : null;

    public void OnChunk(OpenAiChunk chunk, IBufferWriter<byte> output)
    {
        if (IsFinished)
        {
            return;
        }

        if (chunk.ErrorMessage is not null)
        {
            OnError(chunk.ErrorMessage, output);
            return;
        }

        if (chunk.HasUsage)
        {
            _usage = new StreamUsage(
                true, chunk.PromptTokens, chunk.CompletionTokens, chunk.CachedTokens, chunk.PromptPerSecond, chunk.PredictedPerSecond);
        }

        EnsureStarted(chunk.Id, chunk.Model, output);
        var hadDelta = false;
        if (!string.IsNullOrEmpty(chunk.Reasoning))
        {
            AnthropicEventWriter.ThinkingDelta(output, _blocks.EnsureThinking(output), chunk.Reasoning);
            hadDelta = true;
        }

        if (!string.IsNullOrEmpty(chunk.Content))
        {
            AnthropicEventWriter.TextDelta(output, _blocks.EnsureText(output), chunk.Content);
            hadDelta = true;
        }

        foreach (var call in chunk.ToolCalls)
        {
            OnToolCall(call, output);
            hadDelta = true;
        }

        if (hadDelta)
        {
            _deltaChunks++;
        }

        if (chunk.FinishReason is not null)
        {
            _finishReason = chunk.FinishReason;
            _matchedStopSequence = chunk.MatchedStopSequence;
            StartNamelessToolCalls(output);
            _blocks.CloseOpen(output);
        }
    }

    /// <summary>Ends the message normally (<c>[DONE]</c>, or the stream closed).</summary>
    public void OnDone(IBufferWriter<byte> output)
    {
        if (IsFinished)
        {
            return;
        }

        EnsureStarted(null, null, output);
        StartNamelessToolCalls(output);
        _blocks.CloseOpen(output);
        var (stopReason, stopSequence) = StopReason.FromFinishReason(_finishReason, _toolCalls.Count > 0, _matchedStopSequence);

        // Without a usage chunk, one chunk per token (llama-server's pace) is the best estimate there is.
        var usage = _usage.IsKnown ? _usage : _usage with { CompletionTokens = _deltaChunks };
        AnthropicEventWriter.MessageDelta(output, stopReason, stopSequence, usage);
        AnthropicEventWriter.MessageStop(output);
        IsFinished = true;
    }

    /// <summary>Ends the stream with an Anthropic <c>error</c> event; nothing follows it.</summary>
    public void OnError(string message, IBufferWriter<byte> output)
    {
        if (IsFinished)
        {
            return;
        }

        AnthropicEventWriter.Error(output, "api_error", message);
        IsFinished = true;
    }

    private void EnsureStarted(string? completionId, string? backendModel, IBufferWriter<byte> output)
    {
        if (_started)
        {
            return;
        }

        _started = true;

        // The backend's counts arrive with its last chunk; until then the estimate is the best there is.
        AnthropicEventWriter.MessageStart(
            output,
            AnthropicIds.MessageId(completionId),
            requestedModel ?? backendModel ?? string.Empty,
            _usage.IsKnown ? _usage.PromptTokens : estimatedInputTokens,
            _usage.CachedTokens);
    }

    private void OnToolCall(ToolCallDelta call, IBufferWriter<byte> output)
    {
        if (IsFinished)
        {
            return;
        }

        var key = call.Index ?? KeyWithoutIndex(call.Id);
        if (!_toolCalls.TryGetValue(key, out var tool))
        {
            if (_toolCalls.Count == MaxToolCalls)
            {
                OnError($"The backend streamed more than {MaxToolCalls} tool calls in one answer.", output);
                return;
            }

            tool = new ToolCallState();
            _toolCalls.Add(key, tool);
        }

        _lastToolKey = key;
        if (tool.Closed)
        {
            // A fragment for a call whose block already stopped (servers stream calls one after another, so
            // this means interleaved calls) cannot be delivered in Anthropic's sequential block model.
            return;
        }

        if (!string.IsNullOrEmpty(call.Id))
        {
            tool.Id ??= call.Id;
        }

        if (!tool.Started)
        {
            tool.Name += call.Name;
            if (!string.IsNullOrEmpty(call.Arguments))
            {
                (tool.PendingArguments ??= new StringBuilder()).Append(call.Arguments);
            }

            // Held only until the name arrives: a backend that never sends one cannot make the gateway hold more.
            if (tool.Name.Length > MaxToolNameLength || tool.PendingArguments?.Length > MaxPendingArgumentChars)
            {
                OnError("The backend streamed a tool call whose name did not arrive, or is too long.", output);
                return;
            }

            if (tool.Name.Length > 0)
            {
                Start(tool, output);
            }

            return;
        }

        if (!string.IsNullOrEmpty(call.Arguments) && _blocks.TryGetOpenIndex(tool, out var index))
        {
            AnthropicEventWriter.InputJsonDelta(output, index, call.Arguments);
        }
    }

    /// <summary>Servers that omit <c>index</c>: a new id starts a new call, anything else continues the last one.</summary>
    private int KeyWithoutIndex(string? id)
    {
        if (!string.IsNullOrEmpty(id))
        {
            foreach (var (key, tool) in _toolCalls)
            {
                if (tool.Id == id)
                {
                    return key;
                }
            }

            return _toolCalls.Count == 0 ? 0 : _toolCalls.Keys.Max() + 1;
        }

        return Math.Max(_lastToolKey, 0);
    }

    private void Start(ToolCallState tool, IBufferWriter<byte> output)
    {
        var index = _blocks.OpenToolUse(output, tool, AnthropicIds.ToolUseId(tool.Id));
        if (tool.PendingArguments is { Length: > 0 } pending)
        {
            AnthropicEventWriter.InputJsonDelta(output, index, pending.ToString());
        }

        tool.PendingArguments = null;
    }

    /// <summary>Calls whose name never arrived are still delivered (with an empty name) rather than lost.</summary>
    private void StartNamelessToolCalls(IBufferWriter<byte> output)
    {
        foreach (var key in _toolCalls.Keys.Order())
        {
            var tool = _toolCalls[key];
            if (!tool.Started)
            {
                Start(tool, output);
            }
        }
    }
}
