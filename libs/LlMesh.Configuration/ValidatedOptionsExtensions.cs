using System.Diagnostics.CodeAnalysis;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlMesh.Configuration;

public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Validates the options with a FluentValidation validator when the host starts, so a bad
    /// setting stops start-up with a message that names it.
    /// </summary>
    public static OptionsBuilder<TOptions> ValidateFluently<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions, TValidator>(this OptionsBuilder<TOptions> builder)
        where TOptions : class
        where TValidator : class, IValidator<TOptions>, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new FluentValidateOptions<TOptions>(builder.Name, new TValidator()));
        return builder.ValidateOnStart();
    }
}
