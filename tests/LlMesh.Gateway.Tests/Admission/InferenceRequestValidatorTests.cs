using LlMesh.Gateway.Admission;

namespace LlMesh.Gateway.Tests.Admission;

public sealed class InferenceRequestValidatorTests
{
    private readonly InferenceRequestValidator _validator = new();

    [Fact]
    public void Validate_StringModel_Passes()
    {
        var result = _validator.Validate(new InferenceRequestFields("llama-3", Stream: true, ModelIsNotString: false));

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Validate_MissingModel_FailsWithRequiredMessage()
    {
        var result = _validator.Validate(new InferenceRequestFields(null, Stream: false, ModelIsNotString: false));

        var failure = Assert.Single(result.Errors);
        Assert.Equal("'model' is required: name the model to use.", failure.ErrorMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_EmptyModel_Fails(string model)
    {
        var result = _validator.Validate(new InferenceRequestFields(model, Stream: false, ModelIsNotString: false));

        var failure = Assert.Single(result.Errors);
        Assert.Contains("required", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonStringModel_FailsOnlyWithMustBeString()
    {
        var result = _validator.Validate(new InferenceRequestFields(null, Stream: false, ModelIsNotString: true));

        var failure = Assert.Single(result.Errors);
        Assert.Equal("'model' must be a string.", failure.ErrorMessage);
    }

    [Fact]
    public void Validate_ModelLongerThan256_Fails()
    {
        var result = _validator.Validate(new InferenceRequestFields(new string('m', 257), Stream: false, ModelIsNotString: false));

        var failure = Assert.Single(result.Errors);
        Assert.Contains("256", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ModelOfExactly256_Passes()
    {
        var result = _validator.Validate(new InferenceRequestFields(new string('m', 256), Stream: false, ModelIsNotString: false));

        Assert.True(result.IsValid);
    }
}
