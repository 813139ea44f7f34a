using System.Text;
using System.Text.Json;
using Anthropic.Models.Messages;

namespace LlMesh.IntegrationTests.ApiSurface;

/// <summary>An Anthropic message put together from the SDK's stream events, checking their order on the way.</summary>
internal sealed class StreamedMessage
{
    private readonly List<string> _events = [];
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _toolInput = new();

    /// <summary>Event types in arrival order, e.g. message_start, content_block_start, …, message_stop.</summary>
    public IReadOnlyList<string> Events => _events;

    public string? Id { get; private set; }

    public string? Model { get; private set; }

    public string Text => _text.ToString();

    public string? ToolUseId { get; private set; }

    public string? ToolName { get; private set; }

    /// <summary>The tool call's input, from its <c>input_json_delta</c> fragments.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ToolInput =>
        ToolUseId is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(_toolInput.Length == 0 ? "{}" : _toolInput.ToString());

    public string? StopReason { get; private set; }

    /// <summary>The prompt size: from <c>message_start</c>, replaced by <c>message_delta</c>'s when it has one (its usage is cumulative).</summary>
    public long InputTokens { get; private set; }

    /// <summary>The prompt size <c>message_start</c> announced (0 for a whole message).</summary>
    public long StartInputTokens { get; private set; }

    public long OutputTokens { get; private set; }

    public int TextDeltas { get; private set; }

    public static async Task<StreamedMessage> ReadAsync(IAsyncEnumerable<RawMessageStreamEvent> events)
    {
        var message = new StreamedMessage();
        await foreach (var streamEvent in events)
        {
            message.Add(streamEvent);
        }

        return message;
    }

    /// <summary>A whole (non-streamed) message in the same shape; it has no events.</summary>
    public static StreamedMessage From(Message whole)
    {
        ArgumentNullException.ThrowIfNull(whole);
        var message = new StreamedMessage
        {
            Id = whole.ID,
            Model = whole.Model.Raw(),
            StopReason = whole.StopReason?.Raw(),
            InputTokens = whole.Usage.InputTokens,
            OutputTokens = whole.Usage.OutputTokens,
        };
        foreach (var block in whole.Content)
        {
            if (block.TryPickText(out var text))
            {
                message._text.Append(text.Text);
            }
            else if (block.TryPickToolUse(out var toolUse))
            {
                message.ToolUseId = toolUse.ID;
                message.ToolName = toolUse.Name;
                message._toolInput.Append(JsonSerializer.Serialize(toolUse.Input));
            }
        }

        return message;
    }

    private void Add(RawMessageStreamEvent streamEvent)
    {
        if (streamEvent.TryPickStart(out var start))
        {
            _events.Add("message_start");
            Id = start.Message.ID;
            Model = start.Message.Model?.Raw();
            InputTokens = StartInputTokens = start.Message.Usage.InputTokens;
        }
        else if (streamEvent.TryPickContentBlockStart(out var blockStart))
        {
            _events.Add("content_block_start");
            if (blockStart.ContentBlock.TryPickToolUse(out var toolUse))
            {
                ToolUseId = toolUse.ID;
                ToolName = toolUse.Name;
            }
        }
        else if (streamEvent.TryPickContentBlockDelta(out var blockDelta))
        {
            _events.Add("content_block_delta");
            if (blockDelta.Delta.TryPickText(out var text))
            {
                _text.Append(text.Text);
                TextDeltas++;
            }
            else if (blockDelta.Delta.TryPickInputJson(out var json))
            {
                _toolInput.Append(json.PartialJson);
            }
        }
        else if (streamEvent.TryPickContentBlockStop(out _))
        {
            _events.Add("content_block_stop");
        }
        else if (streamEvent.TryPickDelta(out var messageDelta))
        {
            _events.Add("message_delta");
            StopReason = messageDelta.Delta.StopReason?.Raw();
            OutputTokens = messageDelta.Usage.OutputTokens;
            InputTokens = messageDelta.Usage.InputTokens ?? InputTokens;
        }
        else if (streamEvent.TryPickStop(out _))
        {
            _events.Add("message_stop");
        }
    }
}
