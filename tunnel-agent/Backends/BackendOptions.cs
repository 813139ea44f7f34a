using FluentValidation;

namespace LlMesh.TunnelAgent.Backends;

/// <summary>One inference server this agent forwards to.</summary>
public sealed class BackendOptions
{
    /// <summary>Id within the agent; default <c>b0</c>, <c>b1</c>… by position.</summary>
    public string? Id { get; set; }

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:8081</c> (llama-server) or <c>https://api.example.com</c>.</summary>
    public string Url { get; set; } = "";

    /// <summary>Optional key the backend needs (a hosted OpenAI-compatible API).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Header that carries <see cref="ApiKey"/>: <c>Authorization</c> (sent as <c>Bearer …</c>, the default) or any other name, sent as is.</summary>
    public string ApiKeyHeader { get; set; } = "Authorization";

    /// <summary>Models to advertise instead of asking the backend's <c>/v1/models</c>.</summary>
    public List<string> Models { get; } = [];

    /// <summary>Parallel slots; default from <c>/props</c> <c>total_slots</c>, else 1.</summary>
    public int? Slots { get; set; }

    /// <summary>Override the backend's advertised modalities.</summary>
    public bool? Vision { get; set; }

    public bool? Audio { get; set; }

    /// <summary>API families to advertise (chat, completions, embeddings, messages, responses) instead of probing.</summary>
    public List<string> Apis { get; } = [];

    public string IdOrDefault(int index) => string.IsNullOrWhiteSpace(Id) ? $"b{index}" : Id;
}

internal sealed class BackendOptionsValidator : AbstractValidator<BackendOptions>
{
    public BackendOptionsValidator()
    {
        RuleFor(b => b.Url).Must(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            .WithMessage("must be an http:// or https:// URL");
        RuleFor(b => b.Id).Matches("^[A-Za-z0-9_.-]{1,64}$").When(b => !string.IsNullOrWhiteSpace(b.Id));
        RuleFor(b => b.Slots).InclusiveBetween(1, 4096).When(b => b.Slots.HasValue);
        RuleFor(b => b.ApiKeyHeader).NotEmpty();
    }
}
