using FluentValidation;

namespace LlMesh.Gateway.Replicas;

internal sealed class MeshOptionsValidator : AbstractValidator<MeshOptions>
{
    public const int MinSecretLength = 32;

    public MeshOptionsValidator()
    {
        RuleFor(o => o.ReplicaId).Matches("^[A-Za-z0-9._-]*$").WithMessage("LlMesh:Mesh:ReplicaId may hold letters, digits, '.', '_' and '-' only.");
        RuleFor(o => o.InternalUrl)
            .Must(u => u is null || (u.IsAbsoluteUri && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)))
            .WithMessage("LlMesh:Mesh:InternalUrl must be an absolute http(s) URL.");
        RuleFor(o => o.Secret)
            .Must(s => s is { Length: >= MinSecretLength })
            .When(o => o.InternalUrl is not null)
            .WithMessage($"LlMesh:Mesh:Secret must be set, at least {MinSecretLength} characters, when LlMesh:Mesh:InternalUrl is.");
        RuleFor(o => o.AnnounceInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        RuleFor(o => o.ReplicaTimeToLive).Must((o, ttl) => ttl >= 2 * o.AnnounceInterval)
            .WithMessage("LlMesh:Mesh:ReplicaTimeToLive must be at least twice AnnounceInterval.");
        RuleFor(o => o.SharedQueuePollInterval).InclusiveBetween(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10));
        RuleFor(o => o.ClaimTimeout).InclusiveBetween(TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(1));
    }
}
