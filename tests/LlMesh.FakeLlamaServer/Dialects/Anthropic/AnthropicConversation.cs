using System.Text.Json;
using LlMesh.FakeLlamaServer.Dialects.Tools;
using LlMesh.FakeLlamaServer.Generation;
using LlMesh.FakeLlamaServer.Http;

namespace LlMesh.FakeLlamaServer.Dialects.Anthropic;

/// <summary>
/// Reads an Anthropic Messages request the way the fake needs it: its prompt size (system + messages, as the chat
/// estimator would count the translated conversation) and the reply the fake model gives.
/// </summary>
internal static class AnthropicConversation
{
    /// <summary><see cref="PromptTokenEstimator"/> over the system prompt (one message) and every message's text.</summary>
    public static int PromptTokens(JsonElement body, JsonElement messages)
    {
        long characters = 0;
        var count = 0;
        if (JsonFields.Property(body, "system") is { ValueKind: JsonValueKind.String or JsonValueKind.Array } system)
        {
            characters += ContentText.Of(system).Length;
            count++;
        }

        foreach (var message in messages.EnumerateArray())
        {
            characters += MessageText(JsonFields.Property(message, "content")).Length;
            count++;
        }

        return PromptTokenEstimator.ForConversation(characters, count);
    }

    /// <summary>
    /// A tool call when tools are offered (and not refused with <c>tool_choice: {"type":"none"}</c>) and the user's last
    /// message carries no tool result; an echo of the last <c>tool_result</c> block when it does.
    /// </summary>
    public static ReplyPlan Reply(JsonElement body, JsonElement messages)
    {
        var count = messages.GetArrayLength();
        var last = count > 0 ? messages[count - 1] : default;
        if (JsonFields.String(last, "role") != "user")
        {
            return ReplyPlan.Plain;
        }

        if (LastToolResult(JsonFields.Property(last, "content")) is { } result)
        {
            return ReplyPlan.EchoingToolResult(ContentText.Of(JsonFields.Property(result, "content")));
        }

        var choice = JsonFields.Property(body, "tool_choice");
        var choiceType = choice is { } c ? JsonFields.String(c, "type") : null;
        if (choiceType == "none")
        {
            return ReplyPlan.Plain;
        }

        var forced = choiceType == "tool" && choice is { } named ? JsonFields.String(named, "name") : null;
        return ToolSchema.Choose(JsonFields.Property(body, "tools"), forced, Describe) is { } call
            ? ReplyPlan.Calling(call)
            : ReplyPlan.Plain;
    }

    /// <summary>A client tool (no <c>type</c>, or <c>custom</c>); server tools such as <c>web_search_20250305</c> are not the model's to call.</summary>
    private static (string Name, JsonElement? Schema)? Describe(JsonElement tool) =>
        JsonFields.String(tool, "type") is null or "custom" && JsonFields.String(tool, "name") is { } name
            ? (name, JsonFields.Property(tool, "input_schema"))
            : null;

    private static JsonElement? LastToolResult(JsonElement? content)
    {
        JsonElement? found = null;
        if (content is { ValueKind: JsonValueKind.Array } blocks)
        {
            foreach (var block in blocks.EnumerateArray())
            {
                if (JsonFields.String(block, "type") == "tool_result")
                {
                    found = block;
                }
            }
        }

        return found;
    }

    /// <summary>A string, or the text of its <c>text</c> blocks and of the content of its <c>tool_result</c> blocks.</summary>
    private static string MessageText(JsonElement? content)
    {
        if (content is not { ValueKind: JsonValueKind.Array } blocks)
        {
            return ContentText.Of(content);
        }

        return string.Concat(blocks.EnumerateArray().Select(block => JsonFields.String(block, "type") switch
        {
            "text" => JsonFields.String(block, "text") ?? "",
            "tool_result" => ContentText.Of(JsonFields.Property(block, "content")),
            _ => "",
        }));
    }
}
