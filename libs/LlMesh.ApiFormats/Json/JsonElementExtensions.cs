using System.Text.Json;

namespace LlMesh.ApiFormats.Json;

/// <summary>Lenient lookups: a missing property, a JSON <c>null</c> and a value of the wrong kind all read as "absent".</summary>
internal static class JsonElementExtensions
{
    internal static bool TryGet(this JsonElement element, ReadOnlySpan<byte> name, JsonValueKind kind, out JsonElement value)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value) && value.ValueKind == kind)
        {
            return true;
        }

        value = default;
        return false;
    }

    internal static bool TryGetObject(this JsonElement element, ReadOnlySpan<byte> name, out JsonElement value) =>
        element.TryGet(name, JsonValueKind.Object, out value);

    internal static bool TryGetArray(this JsonElement element, ReadOnlySpan<byte> name, out JsonElement value) =>
        element.TryGet(name, JsonValueKind.Array, out value);

    internal static string? GetStringOrNull(this JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGet(name, JsonValueKind.String, out var value) ? value.GetString() : null;

    internal static bool IsStringProperty(this JsonElement element, ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected) =>
        element.TryGet(name, JsonValueKind.String, out var value) && value.ValueEquals(expected);

    internal static int GetInt32OrZero(this JsonElement element, ReadOnlySpan<byte> name)
    {
        if (!element.TryGet(name, JsonValueKind.Number, out var value))
        {
            return 0;
        }

        return value.TryGetInt32(out var number) ? number : (int)Math.Clamp(value.GetDouble(), int.MinValue, int.MaxValue);
    }
}
