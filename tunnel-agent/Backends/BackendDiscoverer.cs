using System.Net;
using System.Text.Json;
using LlMesh.Tunnel.Protocol;

namespace LlMesh.TunnelAgent.Backends;

/// <summary>
/// Learns what a backend serves: models from <c>/v1/models</c>, slots and modalities from llama-server's
/// <c>/props</c>, readiness from <c>/health</c>. Configured values win over discovered ones.
/// </summary>
internal sealed class BackendDiscoverer(HttpClient http, ILogger<BackendDiscoverer> logger)
{
    public async Task<BackendCapabilities> DiscoverAsync(Backend backend, CancellationToken cancellationToken)
    {
        var options = backend.Options;
        try
        {
            if (await IsLoadingAsync(backend, cancellationToken))
            {
                return backend.Capabilities with { Healthy = false };
            }

            var models = options.Models.Count > 0
                ? options.Models.Select(m => new ModelCapabilities(m, null)).ToList()
                : await GetModelsAsync(backend, cancellationToken);
            var props = await GetPropsAsync(backend, cancellationToken);
            var slots = options.Slots ?? props?.Slots ?? 1;
            if (options.Slots is null && props is null)
            {
                AgentLog.SlotsUnknown(logger, backend.Id);
            }

            return new BackendCapabilities(
                backend.Id,
                Healthy: true,
                slots,
                models.Select(m => m with { ContextLength = m.ContextLength ?? props?.ContextLength }).ToArray(),
                options.Vision ?? props?.Vision ?? false,
                options.Audio ?? props?.Audio ?? false)
            {
                Apis = options.Apis.Count > 0 ? options.Apis.ToArray() : await ApisAsync(backend, cancellationToken),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException or InvalidOperationException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                AgentLog.BackendUnreachable(logger, backend.Id, backend.BaseUri, ex.Message);
            }

            return backend.Capabilities with { Healthy = false };
        }
    }

    private async Task<IReadOnlyList<string>> ApisAsync(Backend backend, CancellationToken cancellationToken)
    {
        if (backend.ProbedApis is null || !backend.Capabilities.Healthy)
        {
            backend.ProbedApis = await ProbeApisAsync(backend, cancellationToken);
        }

        return backend.ProbedApis;
    }

    /// <summary>
    /// OpenAI chat, completions and embeddings are assumed; Anthropic Messages and OpenAI Responses are
    /// probed with an empty POST, which a server without the endpoint answers 404 (405) and one with it
    /// refuses as invalid without running anything.
    /// </summary>
    private async Task<string[]> ProbeApisAsync(Backend backend, CancellationToken cancellationToken)
    {
        var apis = new List<string>(BackendApis.OpenAiBasics);
        foreach (var (api, path) in new[] { (BackendApis.Messages, "v1/messages"), (BackendApis.Responses, "v1/responses") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(backend.BaseUri, path))
            {
                Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            };
            BackendAuthentication.Apply(backend.Options, request.Headers);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed))
            {
                apis.Add(api);
            }
        }

        return apis.ToArray();
    }

    private async Task<bool> IsLoadingAsync(Backend backend, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(backend, "health", cancellationToken);

        // Only llama-server has /health; a 404 from another server means nothing.
        return response.StatusCode == HttpStatusCode.ServiceUnavailable;
    }

    private async Task<List<ModelCapabilities>> GetModelsAsync(Backend backend, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(backend, "v1/models", cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var models = new List<ModelCapabilities>();
        if (document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var model in data.EnumerateArray())
            {
                if (model.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    models.Add(new ModelCapabilities(id.GetString()!, null));
                }
            }
        }

        return models;
    }

    private async Task<Props?> GetPropsAsync(Backend backend, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(backend, "props", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("total_slots", out var slots) || !slots.TryGetInt32(out var total))
        {
            return null;
        }

        int? contextLength = root.TryGetProperty("default_generation_settings", out var settings)
            && settings.TryGetProperty("n_ctx", out var nCtx) && nCtx.TryGetInt32(out var ctx) ? ctx : null;
        var vision = false;
        var audio = false;
        if (root.TryGetProperty("modalities", out var modalities) && modalities.ValueKind == JsonValueKind.Object)
        {
            vision = modalities.TryGetProperty("vision", out var v) && v.ValueKind == JsonValueKind.True;
            audio = modalities.TryGetProperty("audio", out var a) && a.ValueKind == JsonValueKind.True;
        }

        return new Props(total, contextLength, vision, audio);
    }

    private Task<HttpResponseMessage> SendAsync(Backend backend, string path, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(backend.BaseUri, path));
        BackendAuthentication.Apply(backend.Options, request.Headers);
        return http.SendAsync(request, cancellationToken);
    }

    private sealed record Props(int Slots, int? ContextLength, bool Vision, bool Audio);
}
