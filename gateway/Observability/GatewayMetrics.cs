using System.Diagnostics.Metrics;
using TokenUsage = LlMesh.ApiFormats.Tokens.Usage;
using LlMesh.Gateway.Scheduling;
using LlMesh.Gateway.Workers;
using LlMesh.State;

namespace LlMesh.Gateway.Observability;

/// <summary>
/// Every metric the gateway exports, in one place: the instruments, their labels, and one small call per
/// event for the code that sees it. Levels (queue depth, slots in use, connected workers) are read from
/// the scheduler and the registry when a scrape asks, so the hot path pays nothing for them.
/// </summary>
internal sealed class GatewayMetrics
{
    // Seconds from a few milliseconds (a free slot) to half an hour (a long batch answer).
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

    // Tokens per second: a big model on a small machine generates a handful; prefill reaches thousands.
    private static readonly double[] SpeedBuckets = [1, 2, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000, 2000, 5000, 10000];

    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _generationSpeed;
    private readonly Histogram<double> _prefillSpeed;
    private readonly Counter<long> _tokens;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _requeues;
    private readonly Counter<long> _timeouts;
    private readonly Counter<long> _errors;

    public GatewayMetrics(IMeterFactory meterFactory, JobScheduler scheduler, WorkerRegistry registry, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MetricNames.Meter);
        _queueWait = meter.CreateHistogram(MetricNames.QueueWait, "s",
            "Time a job waited for a slot, from entering the queue to being dispatched to a worker.", advice: Seconds());
        _timeToFirstToken = meter.CreateHistogram(MetricNames.TimeToFirstToken, "s",
            "Streams: from acceptance (queue wait included) to the first byte of the worker's answer.", advice: Seconds());
        _generationSpeed = meter.CreateHistogram(MetricNames.GenerationSpeed, "{token}/s",
            "Generation speed of finished answers, as the backend reported it (llama-server timings).", advice: Speed());
        _prefillSpeed = meter.CreateHistogram(MetricNames.PrefillSpeed, "{token}/s",
            "Prompt processing speed of finished answers, as the backend reported it (llama-server timings).", advice: Speed());
        _tokens = meter.CreateCounter<long>(MetricNames.Tokens, "{token}", "Prompt and completion tokens of finished answers.");
        _requestDuration = meter.CreateHistogram(MetricNames.RequestDuration, "s",
            "Inference requests from arrival to the end of the answer, queue included.", advice: Seconds());
        _requeues = meter.CreateCounter<long>(MetricNames.Requeues, "{job}", "Jobs queued again because their worker failed before answering.");
        _timeouts = meter.CreateCounter<long>(MetricNames.Timeouts, "{job}", "Jobs ended by one of llmesh's limits.");
        _errors = meter.CreateCounter<long>(MetricNames.Errors, "{request}", "API requests answered with an error (a status, or an error event inside a stream).");

        // Known label values start at zero, so a rate() over them works before the first event.
        foreach (var reason in RequeueReasons.All)
        {
            _requeues.Add(0, new KeyValuePair<string, object?>(MetricNames.ReasonLabel, reason));
        }

        foreach (var kind in TimeoutKinds.All)
        {
            _timeouts.Add(0, new KeyValuePair<string, object?>(MetricNames.KindLabel, kind));
        }

        CapacityGauges.Register(meter, scheduler, registry, timeProvider);
    }

    /// <summary>A job left the queue for a worker after waiting <paramref name="wait"/>.</summary>
    public void QueueWaited(Job job, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(job);
        _queueWait.Record(wait.TotalSeconds, Tier(job.Priority), Model(job.Target.Name));
    }

    /// <summary>
    /// A worker of this gateway finished an answer for <paramref name="model"/> (the real model, after aliases).
    /// <paramref name="timeToFirstToken"/> is given for streams.
    /// </summary>
    public void Answered(string model, TimeSpan? timeToFirstToken, TokenUsage? usage)
    {
        var label = Model(model);
        if (timeToFirstToken is { } ttft)
        {
            _timeToFirstToken.Record(ttft.TotalSeconds, label);
        }

        if (usage is null)
        {
            return;
        }

        if (usage.GenerationTokensPerSecond is > 0 and var generation)
        {
            _generationSpeed.Record(generation, label);
        }

        if (usage.PromptTokensPerSecond is > 0 and var prefill)
        {
            _prefillSpeed.Record(prefill, label);
        }

        _tokens.Add(usage.PromptTokens, label, new KeyValuePair<string, object?>(MetricNames.TypeLabel, "prompt"));
        _tokens.Add(usage.CompletionTokens, label, new KeyValuePair<string, object?>(MetricNames.TypeLabel, "completion"));
    }

    public void Requeued(string reason) => _requeues.Add(1, new KeyValuePair<string, object?>(MetricNames.ReasonLabel, reason));

    public void TimedOut(string kind) => _timeouts.Add(1, new KeyValuePair<string, object?>(MetricNames.KindLabel, kind));

    /// <summary>
    /// An API request ended with <paramref name="status"/> (the error event's status for a stream that
    /// ended in one). <paramref name="model"/> is null when the request never got past admission.
    /// </summary>
    public void RequestEnded(string route, string? model, int status, TimeSpan duration)
    {
        var routeLabel = new KeyValuePair<string, object?>(MetricNames.RouteLabel, route);
        var statusLabel = new KeyValuePair<string, object?>(MetricNames.StatusLabel, StatusLabels.Of(status));
        if (model is not null)
        {
            _requestDuration.Record(duration.TotalSeconds, routeLabel, Model(model), statusLabel);
        }

        if (status >= StatusCodes.Status400BadRequest)
        {
            _errors.Add(1, routeLabel, statusLabel);
        }
    }

    private static KeyValuePair<string, object?> Tier(Priority priority) => new(MetricNames.TierLabel, priority.Name());

    private static KeyValuePair<string, object?> Model(string model) => new(MetricNames.ModelLabel, model);

    private static InstrumentAdvice<double> Seconds() => new() { HistogramBucketBoundaries = SecondsBuckets };

    private static InstrumentAdvice<double> Speed() => new() { HistogramBucketBoundaries = SpeedBuckets };
}
