using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Requests;

/// <summary>Writes <c>tools</c>, <c>tool_choice</c> and <c>parallel_tool_calls</c>.</summary>
/// <remarks>
/// Only client tools are translated (no <c>type</c>, or <c>custom</c>). Anthropic server tools
/// (<c>web_search_…</c>, <c>bash_…</c>, <c>text_editor_…</c>) run on Anthropic's side and a local backend cannot
/// honour them, so they are dropped; a <c>tool_choice</c> without any tool left is dropped too, since OpenAI
/// servers reject it.
/// </remarks>
internal static class ToolDefinitionsWriter
{
    internal static void Write(Utf8JsonWriter writer, JsonElement root)
    {
        if (!root.TryGetArray("tools"u8, out var tools) || !HasClientTool(tools))
        {
            return;
        }

        writer.WriteStartArray("tools");
        foreach (var tool in tools.EnumerateArray())
        {
            if (IsClientTool(tool))
            {
                WriteTool(writer, tool);
            }
        }

        writer.WriteEndArray();
        WriteToolChoice(writer, root);
    }

    private static bool HasClientTool(JsonElement tools)
    {
        foreach (var tool in tools.EnumerateArray())
        {
            if (IsClientTool(tool))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsClientTool(JsonElement tool) =>
        tool.TryGet("name"u8, JsonValueKind.String, out _)
        && (!tool.TryGet("type"u8, JsonValueKind.String, out var type) || type.ValueEquals("custom"u8));

    private static void WriteTool(Utf8JsonWriter writer, JsonElement tool)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WritePropertyName("name");
        tool.GetProperty("name"u8).WriteTo(writer);
        if (tool.TryGet("description"u8, JsonValueKind.String, out var description))
        {
            writer.WritePropertyName("description");
            description.WriteTo(writer);
        }

        writer.WritePropertyName("parameters");
        if (tool.TryGetObject("input_schema"u8, out var schema))
        {
            schema.WriteTo(writer);
        }
        else
        {
            writer.WriteRawValue("""{"type":"object","properties":{}}"""u8, skipInputValidation: true);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteToolChoice(Utf8JsonWriter writer, JsonElement root)
    {
        if (!root.TryGetObject("tool_choice"u8, out var choice))
        {
            return;
        }

        var type = choice.GetStringOrNull("type"u8);
        switch (type)
        {
            case "auto":
                writer.WriteString("tool_choice", "auto");
                break;
            case "any":
                writer.WriteString("tool_choice", "required");
                break;
            case "none":
                writer.WriteString("tool_choice", "none");
                break;
            case "tool" when choice.TryGet("name"u8, JsonValueKind.String, out var name):
                writer.WriteStartObject("tool_choice");
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WritePropertyName("name");
                name.WriteTo(writer);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            default:
                return;
        }

        if (choice.TryGetProperty("disable_parallel_tool_use"u8, out var disable) && disable.ValueKind == JsonValueKind.True)
        {
            writer.WriteBoolean("parallel_tool_calls", false);
        }
    }
}
