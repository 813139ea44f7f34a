using FluentValidation;
using LlMesh.State.Redis;

namespace LlMesh.Gateway.State;

internal sealed class RedisStateOptionsValidator : AbstractValidator<RedisStateOptions>
{
    public RedisStateOptionsValidator()
    {
        RuleFor(o => o.KeyPrefix)
            .NotEmpty()
            .Matches("^[A-Za-z0-9._-]+$").WithMessage("LlMesh:Redis:KeyPrefix may hold letters, digits, '.', '_' and '-' only.");
        RuleFor(o => o.PollInterval)
            .InclusiveBetween(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(10))
            .WithMessage("LlMesh:Redis:PollInterval must be between 50 ms and 10 s.");
    }
}
