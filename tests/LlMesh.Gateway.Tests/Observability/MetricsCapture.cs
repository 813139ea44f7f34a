using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LlMesh.Gateway.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace LlMesh.Gateway.Tests.Observability;

/// <summary>
/// Listens to the gateway's meter of one <see cref="IMeterFactory"/> (so parallel tests do not see each
/// other's measurements) and keeps every measurement with its labels.
/// </summary>
internal sealed class MetricsCapture : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measured> _measurements = new();

    public MetricsCapture()
    {
        MeterFactory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MetricNames.Meter && instrument.Meter.Scope == MeterFactory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IMeterFactory MeterFactory { get; }

    /// <summary>Measurements of <paramref name="instrument"/> so far, oldest first.</summary>
    public IReadOnlyList<Measured> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    /// <summary>Reads the observable gauges now; returns what they reported.</summary>
    public IReadOnlyList<Measured> Observe(string instrument)
    {
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        return Of(instrument);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, tag) in tags)
        {
            labels[key] = tag?.ToString() ?? "";
        }

        _measurements.Enqueue(new Measured(instrument.Name, value, labels));
    }
}

internal sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, string> Labels)
{
    public string? this[string label] => Labels.TryGetValue(label, out var value) ? value : null;
}
