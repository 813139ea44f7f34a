using System.ComponentModel;
using System.Reflection;

namespace LlMesh.Infra.Tests.Settings;

/// <summary>
/// The configuration keys that binding an options class reads, as patterns: a list index is
/// <see cref="Index"/>, a dictionary key <see cref="AnyName"/>. Follows the configuration binder: a
/// type that converts from a string is one value; lists and objects (settable or filled in place) nest.
/// </summary>
internal static class OptionKeys
{
    public const string Index = "N";
    public const string AnyName = "*";

    private const int MaxDepth = 10;

    public static IEnumerable<string> Of(Type options, string section) => Walk(options, section, depth: 0);

    private static IEnumerable<string> Walk(Type type, string key, int depth)
    {
        if (IsValue(type))
        {
            return [key];
        }

        if (depth > MaxDepth)
        {
            throw new InvalidOperationException($"{key}: options nest deeper than {MaxDepth} levels; is {type} recursive?");
        }

        if (DictionaryValueType(type) is { } value)
        {
            return Walk(value, $"{key}:{AnyName}", depth + 1);
        }

        if (ElementType(type) is { } element)
        {
            return Walk(element, $"{key}:{Index}", depth + 1);
        }

        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true })
            .Where(p => p.SetMethod is { IsPublic: true } || !IsValue(p.PropertyType))
            .SelectMany(p => Walk(p.PropertyType, $"{key}:{p.Name}", depth + 1));
    }

    private static bool IsValue(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(string) || TypeDescriptor.GetConverter(underlying).CanConvertFrom(typeof(string));
    }

    private static Type? DictionaryValueType(Type type) =>
        Interfaces(type).FirstOrDefault(i => i.IsGenericType
            && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            && i.GetGenericArguments()[0] == typeof(string))?.GetGenericArguments()[1];

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : Interfaces(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static Type[] Interfaces(Type type) => type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces();
}
