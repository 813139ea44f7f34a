using FluentValidation;

namespace LlMesh.Gateway.Admission;

internal sealed class InferenceRequestValidator : AbstractValidator<InferenceRequestFields>
{
    public InferenceRequestValidator()
    {
        RuleFor(f => f.ModelIsNotString).Equal(false).WithName("model").WithMessage("'model' must be a string.");
        RuleFor(f => f.Model).NotEmpty().WithName("model").WithMessage("'model' is required: name the model to use.")
            .When(f => !f.ModelIsNotString);
        RuleFor(f => f.Model).MaximumLength(256).WithName("model");
    }
}
