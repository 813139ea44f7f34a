using FluentValidation;

namespace LlMesh.Gateway.Admission;

/// <summary>Limits on what the gateway accepts (section <c>LlMesh:Admission</c>).</summary>
public sealed class AdmissionOptions
{
    public const string SectionName = "LlMesh:Admission";

    /// <summary>Largest request body accepted, in bytes (images travel base64-encoded). Default 32 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 32 * 1024 * 1024;
}

internal sealed class AdmissionOptionsValidator : AbstractValidator<AdmissionOptions>
{
    public AdmissionOptionsValidator()
    {
        RuleFor(o => o.MaxRequestBodyBytes).InclusiveBetween(1024, 1L << 30);
    }
}
