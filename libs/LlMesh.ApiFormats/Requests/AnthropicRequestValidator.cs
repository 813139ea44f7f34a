using System.Globalization;
using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Requests;

/// <summary>
/// Checks what the translation relies on and what Anthropic itself would reject, so the gateway can answer 400
/// before a request costs a queue slot. Messages follow Anthropic's <c>path: problem</c> wording.
/// </summary>
internal static class AnthropicRequestValidator
{
    internal static string? Validate(JsonElement root, bool requireMaxTokens = true)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "The request body must be a JSON object.";
        }

        return ValidateModel(root)
            ?? (requireMaxTokens ? ValidateMaxTokens(root) : null)
            ?? ValidateSystem(root)
            ?? ValidateMessages(root)
            ?? ValidateTools(root)
            ?? ValidateOptionalNumber(root, "temperature")
            ?? ValidateOptionalNumber(root, "top_p")
            ?? ValidateOptionalNumber(root, "top_k")
            ?? ValidateStopSequences(root);
    }

    private static string? ValidateModel(JsonElement root) =>
        root.TryGetProperty("model"u8, out var model) && model.ValueKind == JsonValueKind.String
            ? null
            : "model: Field required";

    private static string? ValidateMaxTokens(JsonElement root)
    {
        if (!root.TryGetProperty("max_tokens"u8, out var maxTokens) || maxTokens.ValueKind == JsonValueKind.Null)
        {
            return "max_tokens: Field required";
        }

        if (maxTokens.ValueKind != JsonValueKind.Number || !maxTokens.TryGetInt32(out var value))
        {
            return "max_tokens: Input should be a valid integer";
        }

        return value < 1 ? "max_tokens: Input should be greater than or equal to 1" : null;
    }

    private static string? ValidateSystem(JsonElement root)
    {
        if (!root.TryGetProperty("system"u8, out var system) || system.ValueKind is JsonValueKind.Null or JsonValueKind.String)
        {
            return null;
        }

        if (system.ValueKind != JsonValueKind.Array)
        {
            return "system: Input should be a valid string or a list of text blocks";
        }

        var index = 0;
        foreach (var block in system.EnumerateArray())
        {
            if (!block.IsStringProperty("type"u8, "text"u8) || !block.TryGet("text"u8, JsonValueKind.String, out _))
            {
                return At("system", index) + ": Input should be a text block";
            }

            index++;
        }

        return null;
    }

    private static string? ValidateMessages(JsonElement root)
    {
        if (!root.TryGetProperty("messages"u8, out var messages) || messages.ValueKind == JsonValueKind.Null)
        {
            return "messages: Field required";
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            return "messages: Input should be a valid list";
        }

        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var error = ValidateMessage(message, index);
            if (error is not null)
            {
                return error;
            }

            index++;
        }

        return null;
    }

    private static string? ValidateMessage(JsonElement message, int index)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return At("messages", index) + ": Input should be an object";
        }

        if (!message.IsStringProperty("role"u8, "user"u8) && !message.IsStringProperty("role"u8, "assistant"u8))
        {
            return At("messages", index) + ".role: Input should be 'user' or 'assistant'";
        }

        if (!message.TryGetProperty("content"u8, out var content))
        {
            return At("messages", index) + ".content: Field required";
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return null;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return At("messages", index) + ".content: Input should be a valid string or a list of content blocks";
        }

        foreach (var block in content.EnumerateArray())
        {
            if (!block.TryGet("type"u8, JsonValueKind.String, out _))
            {
                return At("messages", index) + ".content: Each content block needs a 'type'";
            }
        }

        return null;
    }

    private static string? ValidateTools(JsonElement root)
    {
        if (!root.TryGetProperty("tools"u8, out var tools) || tools.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            return "tools: Input should be a valid list";
        }

        var index = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            if (!tool.TryGet("name"u8, JsonValueKind.String, out _))
            {
                return At("tools", index) + ".name: Field required";
            }

            index++;
        }

        return null;
    }

    private static string? ValidateOptionalNumber(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Number or JsonValueKind.Null)
            ? name + ": Input should be a valid number"
            : null;

    private static string? ValidateStopSequences(JsonElement root)
    {
        if (!root.TryGetProperty("stop_sequences"u8, out var stops) || stops.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (stops.ValueKind != JsonValueKind.Array)
        {
            return "stop_sequences: Input should be a valid list";
        }

        foreach (var stop in stops.EnumerateArray())
        {
            if (stop.ValueKind != JsonValueKind.String)
            {
                return "stop_sequences: Input should be a list of strings";
            }
        }

        return null;
    }

    private static string At(string field, int index) => string.Create(CultureInfo.InvariantCulture, $"{field}.{index}");
}
