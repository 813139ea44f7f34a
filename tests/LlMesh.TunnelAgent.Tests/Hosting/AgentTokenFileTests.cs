using LlMesh.Testing;
using LlMesh.TunnelAgent.Backends;
using LlMesh.TunnelAgent.Hosting;

namespace LlMesh.TunnelAgent.Tests.Hosting;

/// <summary>A token file is read into the token before the settings check, which names what is wrong with it.</summary>
public sealed class AgentTokenFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public void TheFilesToken_IsUsed_WithoutTheLineEnd()
    {
        var options = Check(Write("ct-abc\n"), out var errors);

        Assert.Equal("ct-abc", options.Token);
        Assert.Empty(errors);
    }

    [Fact]
    public void AMissingFile_IsNamed()
    {
        var path = Path.Combine(_directory.Path, "nowhere");

        Check(path, out var errors);

        var error = Assert.Single(errors);
        Assert.Equal("TokenFile: no such file: " + path, error);
    }

    [Fact]
    public void AnEmptyFile_IsRefused()
    {
        var path = Write(" \n");

        Check(path, out var errors);

        Assert.Equal(["TokenFile: " + path + " is empty"], errors);
    }

    [Fact]
    public void AFileTooBigForAToken_IsRefused()
    {
        var path = Write(new string('x', 5000));

        Check(path, out var errors);

        Assert.Equal(["TokenFile: " + path + " is 5000 bytes, too big to be a client token"], errors);
    }

    [Fact]
    public void ATokenAndAFile_AreRefused_NotOneQuietlyPreferred()
    {
        var options = Check(Write("ct-from-file"), out var errors, token: "ct-from-flag");

        Assert.Equal(["TokenFile: set the client token or a token file, not both"], errors);
        Assert.Equal("ct-from-flag", options.Token);
    }

    [Fact]
    public void NeitherTokenNorFile_AsksForEither()
    {
        Check(tokenFile: null, out var errors);

        var error = Assert.Single(errors);
        Assert.Contains("--token-file", error, StringComparison.Ordinal);
        Assert.StartsWith("Token: ", error, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private string Write(string content)
    {
        var path = Path.Combine(_directory.Path, "token");
        File.WriteAllText(path, content);
        return path;
    }

    private static AgentOptions Check(string? tokenFile, out List<string> errors, string token = "")
    {
        var options = new AgentOptions { Gateway = "https://gw.example.com", Token = token, TokenFile = tokenFile };
        options.Backends.Add(new BackendOptions { Url = "http://127.0.0.1:8081" });
        new AgentTokenFile().PostConfigure(null, options);
        errors = [.. new AgentOptionsValidator().Validate(options).Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")];
        return options;
    }
}
