using System.Globalization;

namespace LlMesh.Benchmarks.Reporting;

/// <summary>How numbers look in the report (invariant culture, fixed precision, "n/a" for missing).</summary>
internal static class Format
{
    public static string Ms(double value) => Number(value, value >= 100 ? "0" : value >= 10 ? "0.0" : "0.00");

    public static string AddedMs(double value) => double.IsNaN(value) ? "n/a" : (value >= 0 ? "+" : "") + Ms(value);

    public static string Rate(double value) => Number(value, "0");

    public static string Micros(double value) => Number(value, "0");

    public static string Cores(double value) => Number(value, "0.00");

    public static string Megabytes(double value) => Number(value, "0");

    public static string Ratio(double value) => double.IsNaN(value) || double.IsInfinity(value) ? "n/a" : Number(value, "0.00") + "×";

    public static string Number(double value, string format) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
