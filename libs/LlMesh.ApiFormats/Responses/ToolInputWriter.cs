using System.Text.Json;
using LlMesh.ApiFormats.Json;

namespace LlMesh.ApiFormats.Responses;

/// <summary>Writes a tool call's <c>arguments</c> (a JSON string in OpenAI) as Anthropic's <c>input</c> object.</summary>
/// <remarks>
/// Anthropic requires an object. Arguments that are not a JSON object (a model cut off mid-call, or plain text)
/// become <c>{}</c>, as llama-server's own Anthropic endpoint does: the client then reports the missing
/// parameters back to the model, which is more useful than failing the whole answer.
/// </remarks>
internal static class ToolInputWriter
{
    internal static void Write(Utf8JsonWriter writer, JsonElement function)
    {
        writer.WritePropertyName("input");
        if (function.TryGetObject("arguments"u8, out var inputObject))
        {
            // Some servers (Ollama's native API shape) already send an object.
            inputObject.WriteTo(writer);
            return;
        }

        if (function.TryGet("arguments"u8, JsonValueKind.String, out var arguments) && TryWriteObject(writer, JsonText.GetUtf8(arguments)))
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteEndObject();
    }

    private static bool TryWriteObject(Utf8JsonWriter writer, ReadOnlySpan<byte> json)
    {
        if (!JsonInput.TryParse(json, out var document, out _))
        {
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            document.RootElement.WriteTo(writer);
            return true;
        }
    }
}
