using System.Text;
using System.Text.Json;

namespace LlMesh.ApiFormats.Tests.Support;

/// <summary>A content block rebuilt from stream events; tool input is the parsed concatenation of its partial JSON.</summary>
internal sealed record AssembledBlock(string Type, string Text, string? ToolId, string? ToolName, JsonElement? Input);

internal sealed record AssembledMessage(
    string Id, string Model, IReadOnlyList<AssembledBlock> Content, string? StopReason, string? StopSequence, JsonElement Usage);

/// <summary>
/// Rebuilds the final message from Anthropic stream events the way the SDKs do, asserting the protocol on the way:
/// message_start first; blocks numbered 0, 1, 2… with start, deltas of the matching type, stop; never two open;
/// then message_delta and message_stop last.
/// </summary>
internal static class AnthropicMessageAssembler
{
    public static AssembledMessage Assemble(IReadOnlyList<AnthropicEvent> events)
    {
        Assert.NotEmpty(events);
        Assert.Equal("message_start", events[0].Name);
        var message = events[0].Data.GetProperty("message");
        Assert.Empty(message.GetProperty("content").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, message.GetProperty("stop_reason").ValueKind);

        var blocks = new List<AssembledBlock>();
        var text = new StringBuilder();
        string? openType = null;
        string? toolId = null;
        string? toolName = null;
        string? stopReason = null;
        string? stopSequence = null;
        JsonElement usage = default;
        var sawDelta = false;
        for (var i = 1; i < events.Count; i++)
        {
            var data = events[i].Data;
            switch (events[i].Name)
            {
                case "content_block_start":
                    Assert.Null(openType);
                    Assert.False(sawDelta, "content after message_delta");
                    Assert.Equal(blocks.Count, data.GetProperty("index").GetInt32());
                    var block = data.GetProperty("content_block");
                    openType = block.GetProperty("type").GetString();
                    toolId = openType == "tool_use" ? block.GetProperty("id").GetString() : null;
                    toolName = openType == "tool_use" ? block.GetProperty("name").GetString() : null;
                    text.Clear();
                    break;
                case "content_block_delta":
                    Assert.NotNull(openType);
                    Assert.Equal(blocks.Count, data.GetProperty("index").GetInt32());
                    var delta = data.GetProperty("delta");
                    var (expectedDelta, field) = openType switch
                    {
                        "text" => ("text_delta", "text"),
                        "thinking" => ("thinking_delta", "thinking"),
                        _ => ("input_json_delta", "partial_json"),
                    };
                    Assert.Equal(expectedDelta, delta.GetProperty("type").GetString());
                    text.Append(delta.GetProperty(field).GetString());
                    break;
                case "content_block_stop":
                    Assert.NotNull(openType);
                    Assert.Equal(blocks.Count, data.GetProperty("index").GetInt32());
                    JsonElement? input = openType == "tool_use"
                        ? JsonAssert.Parse(text.Length == 0 ? "{}" : text.ToString())
                        : null;
                    blocks.Add(new AssembledBlock(openType!, text.ToString(), toolId, toolName, input));
                    openType = null;
                    break;
                case "message_delta":
                    Assert.Null(openType);
                    Assert.False(sawDelta, "two message_delta events");
                    sawDelta = true;
                    stopReason = data.GetProperty("delta").GetProperty("stop_reason").GetString();
                    stopSequence = data.GetProperty("delta").GetProperty("stop_sequence").GetString();
                    usage = data.GetProperty("usage");
                    break;
                case "message_stop":
                    Assert.True(sawDelta, "message_stop without message_delta");
                    Assert.Equal(events.Count - 1, i);
                    break;
                default:
                    Assert.Fail($"unexpected event {events[i].Name}");
                    break;
            }
        }

        return new AssembledMessage(
            message.GetProperty("id").GetString()!, message.GetProperty("model").GetString()!, blocks, stopReason, stopSequence, usage);
    }
}
