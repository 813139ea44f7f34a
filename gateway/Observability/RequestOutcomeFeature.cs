namespace LlMesh.Gateway.Observability;

/// <summary>
/// Request feature for the request metrics: what the response status alone does not tell. A stream is
/// committed with 200, so an error that ends it is known only from its error event.
/// </summary>
internal sealed class RequestOutcomeFeature
{
    /// <summary>The requested model or alias, once the request became a job (a known name, never arbitrary input).</summary>
    public string? JobModel { get; set; }

    /// <summary>The status of the error event that ended a committed stream.</summary>
    public int? StreamErrorStatus { get; set; }
}
