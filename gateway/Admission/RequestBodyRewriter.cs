using System.Buffers;
using System.Text.Json;

namespace LlMesh.Gateway.Admission;

/// <summary>
/// Rewrites a body's top level for the backend: drops llmesh's own <c>priority</c> field (a backend
/// must never see a field it may reject) and names the real model when the caller used an alias.
/// Every other value is copied byte for byte.
/// </summary>
internal static class RequestBodyRewriter
{
    public static ReadOnlyMemory<byte> Rewrite(ReadOnlyMemory<byte> body, string? model)
    {
        var output = new ArrayBufferWriter<byte>(body.Length + 64);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { MaxDepth = JsonLimits.MaxDepth }))
        {
            var reader = new Utf8JsonReader(body.Span, JsonLimits.ReaderOptions);
            reader.Read();
            writer.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isPriority = reader.ValueTextEquals("priority"u8);
                var isModel = reader.ValueTextEquals("model"u8);
                var name = reader.GetString()!;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (isPriority)
                {
                    continue;
                }

                if (isModel && model is not null)
                {
                    writer.WriteString(name, model);
                    continue;
                }

                writer.WritePropertyName(name);
                writer.WriteRawValue(body.Span[start..(int)reader.BytesConsumed], skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return output.WrittenMemory;
    }
}
