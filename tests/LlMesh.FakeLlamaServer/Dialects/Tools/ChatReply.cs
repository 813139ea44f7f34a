using System.Text.Json;
using LlMesh.FakeLlamaServer.Generation;
using LlMesh.FakeLlamaServer.Http;

namespace LlMesh.FakeLlamaServer.Dialects.Tools;

/// <summary>
/// How the fake model answers an OpenAI chat request: a tool call when tools are offered (and not refused with
/// <c>tool_choice: "none"</c>) and the user spoke last; an echo of the tool result when a <c>tool</c> message is last.
/// </summary>
internal static class ChatReply
{
    public static ReplyPlan For(JsonElement body, JsonElement messages)
    {
        var last = messages.GetArrayLength() > 0 ? messages[messages.GetArrayLength() - 1] : default;
        switch (JsonFields.String(last, "role"))
        {
            case "tool":
                return ReplyPlan.EchoingToolResult(ContentText.Of(JsonFields.Property(last, "content")));
            case "user" when ChooseTool(body) is { } call:
                return ReplyPlan.Calling(call);
            default:
                return ReplyPlan.Plain;
        }
    }

    private static ToolCallPlan? ChooseTool(JsonElement body)
    {
        var choice = JsonFields.Property(body, "tool_choice");
        if (choice is { ValueKind: JsonValueKind.String } mode && mode.GetString() == "none")
        {
            return null;
        }

        // {"type":"function","function":{"name":"…"}} forces one tool.
        var forced = choice is { } named && JsonFields.Property(named, "function") is { } function ? JsonFields.String(function, "name") : null;
        return ToolSchema.Choose(JsonFields.Property(body, "tools"), forced, Describe);
    }

    private static (string Name, JsonElement? Schema)? Describe(JsonElement tool) =>
        JsonFields.Property(tool, "function") is { } function && JsonFields.String(function, "name") is { } name
            ? (name, JsonFields.Property(function, "parameters"))
            : null;
}
