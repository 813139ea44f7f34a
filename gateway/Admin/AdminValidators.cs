using FluentValidation;
using LlMesh.State;

namespace LlMesh.Gateway.Admin;

internal static class AdminRules
{
    public const int MinPasswordLength = 12;

    /// <summary>Far above any real password; keeps hashing and the audit log bounded.</summary>
    public const int MaxPasswordLength = 1024;
    public const string NamePattern = "^[A-Za-z0-9._@-]{1,64}$";
    public const string NameMessage = "1-64 characters: letters, digits, '.', '_', '@' or '-'.";
}

internal sealed class SetupRequestValidator : AbstractValidator<SetupRequest>
{
    public SetupRequestValidator()
    {
        RuleFor(r => r.Code).NotEmpty();
        RuleFor(r => r.Name).NotEmpty().Matches(AdminRules.NamePattern).WithMessage(AdminRules.NameMessage);
        RuleFor(r => r.Password).NotEmpty().Length(AdminRules.MinPasswordLength, AdminRules.MaxPasswordLength);
    }
}

internal sealed class PasswordChangeValidator : AbstractValidator<PasswordChange>
{
    public PasswordChangeValidator()
    {
        RuleFor(r => r.CurrentPassword).NotEmpty().MaximumLength(AdminRules.MaxPasswordLength);
        RuleFor(r => r.NewPassword).NotEmpty().Length(AdminRules.MinPasswordLength, AdminRules.MaxPasswordLength)
            .NotEqual(r => r.CurrentPassword, StringComparer.Ordinal).WithMessage("The new password must differ from the current one.");
    }
}

internal sealed class LoginRequestValidator : AbstractValidator<LoginRequest>
{
    public LoginRequestValidator()
    {
        // No account has another name; refused before it is looked up, hashed or written to the audit log.
        RuleFor(r => r.Name).NotEmpty().Matches(AdminRules.NamePattern).WithMessage(AdminRules.NameMessage);
        RuleFor(r => r.Password).NotEmpty().MaximumLength(AdminRules.MaxPasswordLength);
    }
}

/// <summary>The rules every credential's settings follow, on create and on update.</summary>
internal sealed class CredentialSettingsValidator : AbstractValidator<ICredentialSettings>
{
    public CredentialSettingsValidator(TimeProvider timeProvider)
    {
        RuleFor(r => r.Name).MaximumLength(100);
        RuleFor(r => r.DefaultPriority).IsInEnum();
        RuleFor(r => r.MaxPriority).IsInEnum();
        RuleFor(r => r)
            .Must(r => r.DefaultPriority is null || r.MaxPriority is null || r.DefaultPriority >= r.MaxPriority)
            .WithName("defaultPriority")
            .WithMessage("The default tier cannot be above the ceiling (maxPriority).");
        RuleFor(r => r.ExpiresAt).Must(e => e is null || e > timeProvider.GetUtcNow()).WithMessage("expiresAt must be in the future.");
        RuleForEach(r => r.AllowedModels).NotEmpty().MaximumLength(200);
        RuleFor(r => r.RequestsPerMinute).GreaterThan(0).WithMessage("requestsPerMinute must be positive (omit it for no limit).");
        RuleFor(r => r.TokensPerMinute).GreaterThan(0).WithMessage("tokensPerMinute must be positive (omit it for no limit).");
    }
}

internal sealed class CreateCredentialRequestValidator : AbstractValidator<CreateCredentialRequest>
{
    public CreateCredentialRequestValidator(TimeProvider timeProvider)
    {
        Include(new CredentialSettingsValidator(timeProvider));
        RuleFor(r => r.User).Matches(AdminRules.NamePattern).WithMessage(AdminRules.NameMessage).When(r => r.User is not null);
    }
}

internal sealed class UpdateCredentialRequestValidator : AbstractValidator<UpdateCredentialRequest>
{
    public UpdateCredentialRequestValidator(TimeProvider timeProvider) => Include(new CredentialSettingsValidator(timeProvider));
}

internal sealed class UserUpdateValidator : AbstractValidator<UserUpdate>
{
    public UserUpdateValidator()
    {
        RuleFor(u => u.Role)
            .Must(r => r is null or AdminDefaults.AdminRole or AdminDefaults.MemberRole)
            .WithMessage($"role is '{AdminDefaults.AdminRole}' or '{AdminDefaults.MemberRole}'.");
        RuleFor(u => u.Password).Length(AdminRules.MinPasswordLength, AdminRules.MaxPasswordLength).When(u => u.Password is not null);
        RuleFor(u => u.Password).Null().When(u => u.Role is null).WithMessage("Give the user a role to let them sign in.");
    }
}

internal sealed class AliasUpdateValidator : AbstractValidator<AliasUpdate>
{
    public AliasUpdateValidator()
    {
        RuleFor(a => a.Tiers).NotEmpty().WithMessage("Give at least one tier of models.");
        RuleFor(a => a.Tiers).Must(t => t is null || t.Count <= 16).WithMessage("At most 16 tiers.");
        RuleForEach(a => a.Tiers).NotEmpty().WithMessage("A tier needs at least one model.");
        RuleForEach(a => a.Tiers).Must(t => t.Count <= 64).WithMessage("At most 64 models in a tier.");
        RuleForEach(a => a.Tiers).ChildRules(tier => tier.RuleForEach(models => models).NotEmpty().MaximumLength(200));
    }
}

/// <summary>Validates an endpoint's body with its FluentValidation validator; a failure answers 400 with problem details.</summary>
internal sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Arguments.OfType<T>().FirstOrDefault() is not { } body)
        {
            return TypedResults.Problem("A JSON body is required.", statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await validator.ValidateAsync(body, context.HttpContext.RequestAborted);
        return result.IsValid ? await next(context) : TypedResults.ValidationProblem(result.ToDictionary());
    }
}
