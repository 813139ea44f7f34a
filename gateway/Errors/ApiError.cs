namespace LlMesh.Gateway.Errors;

/// <summary>An error to return to a caller, independent of its API format.</summary>
/// <param name="Code">Machine-readable code (OpenAI's <c>code</c>), e.g. <c>model_not_found</c>.</param>
internal sealed record ApiError(int StatusCode, string Message, string? Code = null, string? Param = null, TimeSpan? RetryAfter = null)
{
    /// <summary>Anthropic callers get this as 529 <c>overloaded_error</c>.</summary>
    public const string QueueFullCode = "queue_full";

    public const string ShuttingDownCode = "shutting_down";

    public static ApiError MissingApiKey() => new(401,
        "No API key provided. Send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.", "missing_api_key");

    public static ApiError InvalidApiKey() => new(401, "Invalid API key.", "invalid_api_key");

    public static ApiError Forbidden(string message) => new(403, message, "forbidden");

    public static ApiError MalformedJson(string detail) => new(400,
        $"The request body is not valid JSON: {detail}", "invalid_json");

    public static ApiError Invalid(string message, string? param = null) => new(400, message, "invalid_request", param);

    public static ApiError ModelNotFound(string model) => new(404,
        $"The model '{model}' does not exist or no connected worker serves it. GET /v1/models lists the models you can use.",
        "model_not_found", "model");

    public static ApiError BodyTooLarge(long limit) => new(413,
        $"The request body is larger than the limit of {limit} bytes.", "request_too_large");

    public static ApiError QueueTimeout(TimeSpan waited) => new(503,
        $"No worker had a free slot within {waited.TotalSeconds:0} seconds. Try again later.", "queue_timeout", RetryAfter: TimeSpan.FromSeconds(5));

    public static ApiError WorkerUnavailable(string detail) => new(502,
        $"The worker serving this request failed: {detail}", "worker_unavailable");

    public static ApiError QueueFull(string message) => new(429, message, QueueFullCode, RetryAfter: TimeSpan.FromSeconds(5));

    /// <summary>The key's requests or tokens per minute are used up until <paramref name="retryAfter"/>.</summary>
    public static ApiError RateLimited(string message, TimeSpan retryAfter) => new(429, message, "rate_limit_exceeded", RetryAfter: retryAfter);

    public static ApiError PriorityNotAllowed(string requested, string max) => new(403,
        $"This API key may use priority '{max}' at most; the request asked for '{requested}'.", "priority_not_allowed", "priority");

    public static ApiError ModalityUnsupported(string model, string what) => new(400,
        $"No connected worker serving '{model}' accepts {what} input.", "modality_not_supported", "messages");

    public static ApiError ResponsesApiUnsupported(string model) => new(400,
        $"No connected worker serving '{model}' offers the Responses API (/v1/responses); use /v1/chat/completions instead.",
        "responses_api_not_supported", "model");

    public static ApiError Timeout(LlMesh.Gateway.Streaming.TimeoutKind kind, TimeSpan limit) => kind switch
    {
        LlMesh.Gateway.Streaming.TimeoutKind.TimeToFirstToken => new(504, $"No first token within {limit.TotalSeconds:0.#} s of acceptance (queue wait included).", "time_to_first_token_timeout"),
        LlMesh.Gateway.Streaming.TimeoutKind.Activity => new(504, $"The stream was silent for {limit.TotalSeconds:0.#} s.", "activity_timeout"),
        _ => new(504, $"The answer took longer than {limit.TotalSeconds:0.#} s.", "batch_timeout"),
    };

    public static ApiError StateUnavailable() => new(503,
        "The gateway cannot reach its state store (Redis) just now; try again shortly.", "state_store_unavailable", RetryAfter: TimeSpan.FromSeconds(2));

    public static ApiError ShuttingDown() => new(503, "The gateway is shutting down.", ShuttingDownCode, RetryAfter: TimeSpan.FromSeconds(1));
}
