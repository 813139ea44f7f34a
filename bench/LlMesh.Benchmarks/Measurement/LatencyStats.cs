using System.Diagnostics;

namespace LlMesh.Benchmarks.Measurement;

/// <summary>Percentiles (nearest rank) of a set of durations, in milliseconds.</summary>
internal sealed class LatencyStats
{
    private readonly long[] _sortedTicks;

    public LatencyStats(IEnumerable<long> ticks)
    {
        _sortedTicks = ticks.ToArray();
        Array.Sort(_sortedTicks);
    }

    public int Count => _sortedTicks.Length;

    public double P50 => Percentile(50);

    public double P99 => Percentile(99);

    public double Percentile(double percent)
    {
        if (_sortedTicks.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100 * _sortedTicks.Length);
        var index = Math.Clamp(rank - 1, 0, _sortedTicks.Length - 1);
        return _sortedTicks[index] * 1000.0 / Stopwatch.Frequency;
    }

    /// <summary>The median of some values (NaN when there are none), for combining repeats.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
