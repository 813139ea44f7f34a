using System.Globalization;
using System.Text.Json;
using LlMesh.FakeLlamaServer.Generation;

namespace LlMesh.FakeLlamaServer.Dialects.Tools;

/// <summary>The <c>tool_calls</c> arrays of OpenAI chat answers: whole in a message, in pieces in stream deltas.</summary>
internal static class ChatToolCallJson
{
    public static string Id(CompletionContext completion) => string.Create(CultureInfo.InvariantCulture, $"call_{completion.RequestId}");

    /// <summary>The first delta of a streamed call: index, id, type, name and empty arguments.</summary>
    public static void WriteStreamHeader(Utf8JsonWriter delta, CompletionContext completion, ToolCallPlan call) =>
        WriteCall(delta, completion, call, arguments: "", streamed: true);

    /// <summary>A later delta: only the index and the next fragment of the arguments.</summary>
    public static void WriteStreamFragment(Utf8JsonWriter delta, string fragment)
    {
        delta.WriteStartArray("tool_calls");
        delta.WriteStartObject();
        delta.WriteNumber("index", 0);
        delta.WriteStartObject("function");
        delta.WriteString("arguments", fragment);
        delta.WriteEndObject();
        delta.WriteEndObject();
        delta.WriteEndArray();
    }

    /// <summary>The whole call in a non-streamed <c>message</c>, with the arguments generated (all of them unless cut short).</summary>
    public static void WriteMessageCall(Utf8JsonWriter message, CompletionContext completion, ToolCallPlan call, string arguments) =>
        WriteCall(message, completion, call, arguments, streamed: false);

    private static void WriteCall(Utf8JsonWriter writer, CompletionContext completion, ToolCallPlan call, string arguments, bool streamed)
    {
        writer.WriteStartArray("tool_calls");
        writer.WriteStartObject();
        if (streamed)
        {
            writer.WriteNumber("index", 0);
        }

        writer.WriteString("id", Id(completion));
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", call.Name);
        writer.WriteString("arguments", arguments);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }
}
