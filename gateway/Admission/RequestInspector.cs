using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using LlMesh.Gateway.Scheduling;

namespace LlMesh.Gateway.Admission;

/// <summary>
/// Reads from a request what scheduling needs beyond the model: which modalities it carries (image or
/// audio parts) and a key for its conversation (the system prompt and first user turn), so later turns
/// can go back to the worker holding that conversation in its KV cache.
/// </summary>
internal static class RequestInspector
{
    /// <summary>Bytes of a raw <c>prompt</c> that identify a completion conversation.</summary>
    private const int PromptPrefixBytes = 2048;

    public static (Modalities Modalities, ulong? PrefixKey) Inspect(ReadOnlySpan<byte> body, in InferenceRequestFields fields)
    {
        if (fields.Messages is { } messages)
        {
            return InspectMessages(body[messages]);
        }

        if (fields.Prompt is { } prompt)
        {
            var raw = body[prompt];
            return (Modalities.None, Hash(raw[..Math.Min(raw.Length, PromptPrefixBytes)]));
        }

        return (Modalities.None, null);
    }

    private static (Modalities, ulong?) InspectMessages(ReadOnlySpan<byte> messages)
    {
        var modalities = Modalities.None;
        var prefixEnd = -1;
        var role = "";
        var reader = new Utf8JsonReader(messages, JsonLimits.ReaderOptions);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject when reader.CurrentDepth == 1:
                    role = "";
                    break;
                case JsonTokenType.EndObject when reader.CurrentDepth == 1:
                    if (prefixEnd < 0 && role is not ("system" or "developer"))
                    {
                        prefixEnd = (int)reader.BytesConsumed;
                    }

                    break;
                case JsonTokenType.PropertyName when reader.CurrentDepth == 2 && reader.ValueTextEquals("role"u8):
                    reader.Read();
                    role = reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : "";
                    break;
                case JsonTokenType.PropertyName when reader.ValueTextEquals("type"u8):
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        modalities |= ModalityOf(ref reader);
                    }

                    break;
            }
        }

        return (modalities, prefixEnd > 0 ? Hash(messages[..prefixEnd]) : null);
    }

    private static Modalities ModalityOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("image_url"u8) || reader.ValueTextEquals("image"u8) || reader.ValueTextEquals("input_image"u8))
        {
            return Modalities.Vision;
        }

        return reader.ValueTextEquals("input_audio"u8) || reader.ValueTextEquals("audio"u8) ? Modalities.Audio : Modalities.None;
    }

    private static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return BinaryPrimitives.ReadUInt64LittleEndian(hash);
    }
}
