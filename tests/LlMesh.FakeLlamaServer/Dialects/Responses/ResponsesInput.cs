using System.Text.Json;
using LlMesh.FakeLlamaServer.Dialects.Tools;
using LlMesh.FakeLlamaServer.Generation;
using LlMesh.FakeLlamaServer.Http;

namespace LlMesh.FakeLlamaServer.Dialects.Responses;

/// <summary>
/// The prompt size of a Responses request, counted as llama-server's conversion to chat would see it:
/// <c>instructions</c> as a system message, a string <c>input</c> as one user message, each input item as a message.
/// </summary>
internal static class ResponsesInput
{
    public static int PromptTokens(JsonElement body, JsonElement input)
    {
        long characters = 0;
        var count = 0;
        if (JsonFields.String(body, "instructions") is { } instructions)
        {
            characters += instructions.Length;
            count++;
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            characters += input.GetString()!.Length;
            count++;
        }
        else if (input.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in input.EnumerateArray())
            {
                // A message has "content" (a string or input_text parts); a function_call_output has "output".
                characters += ContentText.Of(JsonFields.Property(item, "content") ?? JsonFields.Property(item, "output")).Length;
                count++;
            }
        }

        return PromptTokenEstimator.ForConversation(characters, count);
    }
}
