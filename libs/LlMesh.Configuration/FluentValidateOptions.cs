using FluentValidation;
using Microsoft.Extensions.Options;

namespace LlMesh.Configuration;

/// <summary>Runs a FluentValidation validator as an options validator, so bad settings stop start-up with a clear message.</summary>
internal sealed class FluentValidateOptions<TOptions>(string? name, IValidator<TOptions> validator) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? optionsName, TOptions options)
    {
        if (name is not null && name != optionsName)
        {
            return ValidateOptionsResult.Skip;
        }

        ArgumentNullException.ThrowIfNull(options);
        var result = validator.Validate(options);
        if (result.IsValid)
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(result.Errors.Select(e => $"{typeof(TOptions).Name}.{e.PropertyName}: {e.ErrorMessage}"));
    }
}
