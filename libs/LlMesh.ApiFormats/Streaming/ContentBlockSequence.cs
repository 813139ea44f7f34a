using System.Buffers;

namespace LlMesh.ApiFormats.Streaming;

/// <summary>
/// Numbers Anthropic content blocks and keeps exactly one open at a time: opening a block of another kind (or
/// another tool call) stops the current one first, as Anthropic streams never interleave blocks.
/// </summary>
internal sealed class ContentBlockSequence
{
    private enum Kind
    {
        None,
        Thinking,
        Text,
        ToolUse,
    }

    private Kind _open;
    private ToolCallState? _openTool;
    private int _openIndex;
    private int _nextIndex;

    internal int EnsureThinking(IBufferWriter<byte> output)
    {
        if (_open != Kind.Thinking)
        {
            Open(Kind.Thinking, output);
            AnthropicEventWriter.ThinkingBlockStart(output, _openIndex);
        }

        return _openIndex;
    }

    internal int EnsureText(IBufferWriter<byte> output)
    {
        if (_open != Kind.Text)
        {
            Open(Kind.Text, output);
            AnthropicEventWriter.TextBlockStart(output, _openIndex);
        }

        return _openIndex;
    }

    internal int OpenToolUse(IBufferWriter<byte> output, ToolCallState tool, string id)
    {
        Open(Kind.ToolUse, output);
        _openTool = tool;
        tool.Started = true;
        AnthropicEventWriter.ToolUseBlockStart(output, _openIndex, id, tool.Name);
        return _openIndex;
    }

    /// <summary>The index of <paramref name="tool"/>'s block if it is the open one.</summary>
    internal bool TryGetOpenIndex(ToolCallState tool, out int index)
    {
        index = _openIndex;
        return _open == Kind.ToolUse && ReferenceEquals(_openTool, tool);
    }

    internal void CloseOpen(IBufferWriter<byte> output)
    {
        if (_open == Kind.None)
        {
            return;
        }

        AnthropicEventWriter.BlockStop(output, _openIndex);
        if (_openTool is not null)
        {
            _openTool.Closed = true;
            _openTool = null;
        }

        _open = Kind.None;
    }

    private void Open(Kind kind, IBufferWriter<byte> output)
    {
        CloseOpen(output);
        _open = kind;
        _openIndex = _nextIndex++;
    }
}
