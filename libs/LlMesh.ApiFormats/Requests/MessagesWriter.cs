using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Requests;

/// <summary>Writes the OpenAI <c>messages</c> array: the system prompt first, then each Anthropic turn in order.</summary>
internal static class MessagesWriter
{
    internal static void Write(Utf8JsonWriter writer, JsonElement root)
    {
        writer.WriteStartArray("messages");
        SystemPromptWriter.Write(writer, root);
        foreach (var message in root.GetProperty("messages"u8).EnumerateArray())
        {
            var content = message.GetProperty("content"u8);
            if (message.IsStringProperty("role"u8, "assistant"u8))
            {
                AssistantMessageWriter.Write(writer, content);
            }
            else
            {
                UserMessageWriter.Write(writer, content);
            }
        }

        writer.WriteEndArray();
    }
}
