using System.Text;

namespace LlMesh.ApiFormats.Streaming;

/// <summary>One streamed OpenAI tool call on its way to becoming an Anthropic <c>tool_use</c> block.</summary>
internal sealed class ToolCallState
{
    public string? Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>Argument fragments that arrived before the name, held until the block can be opened.</summary>
    public StringBuilder? PendingArguments { get; set; }

    /// <summary>Its <c>content_block_start</c> has been written.</summary>
    public bool Started { get; set; }

    /// <summary>Its block has been stopped; later fragments cannot be delivered.</summary>
    public bool Closed { get; set; }
}
