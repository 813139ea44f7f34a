using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LlMesh.Gateway.Usage;

/// <summary>
/// Names of the usage files in the data directory: <c>usage.jsonl</c> is the one being written; a day's
/// file, once the next day begins, becomes <c>usage-yyyy-MM-dd.jsonl</c> (<c>usage-yyyy-MM-dd.N.jsonl</c>
/// if that name is taken, e.g. after the clock was set back).
/// </summary>
internal static class UsageFileNames
{
    public const string Current = "usage.jsonl";
    private const string Prefix = "usage-";
    private const string Extension = ".jsonl";
    private const string DayFormat = "yyyy-MM-dd";

    /// <summary>The search pattern for the files of past days.</summary>
    public const string PastDaysPattern = Prefix + "*" + Extension;

    public static string ForDay(DateOnly day, int sequence) => sequence == 0
        ? Prefix + day.ToString(DayFormat, CultureInfo.InvariantCulture) + Extension
        : Prefix + day.ToString(DayFormat, CultureInfo.InvariantCulture) + "." + sequence.ToString(CultureInfo.InvariantCulture) + Extension;

    /// <summary>Reads a past day's file name; anything else in the directory (a user's copy, a temporary file) is not one.</summary>
    public static bool TryParse(string fileName, [NotNullWhen(true)] out PastDayFile? file)
    {
        file = null;
        if (!fileName.StartsWith(Prefix, StringComparison.Ordinal) || !fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var middle = fileName.AsSpan(Prefix.Length, fileName.Length - Prefix.Length - Extension.Length);
        var sequence = 0;
        if (middle.Length > DayFormat.Length)
        {
            if (middle[DayFormat.Length] != '.'
                || !int.TryParse(middle[(DayFormat.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
                || sequence < 1)
            {
                return false;
            }

            middle = middle[..DayFormat.Length];
        }

        if (!DateOnly.TryParseExact(middle, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return false;
        }

        file = new PastDayFile(fileName, day, sequence);
        return true;
    }
}

/// <summary>A past day's usage file: the records written on <see cref="Day"/> (UTC).</summary>
internal sealed record PastDayFile(string Name, DateOnly Day, int Sequence);
