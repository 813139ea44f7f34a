using Microsoft.Extensions.Options;

namespace LlMesh.TunnelAgent.Hosting;

/// <summary>
/// Reads <see cref="AgentOptions.TokenFile"/> into <see cref="AgentOptions.Token"/> before the settings are
/// checked; what goes wrong (no such file, empty, both a token and a file) is left for the check to report.
/// </summary>
internal sealed class AgentTokenFile : IPostConfigureOptions<AgentOptions>
{
    /// <summary>Client tokens are well under this; anything bigger is the wrong file.</summary>
    private const int MaxBytes = 4096;

    public void PostConfigure(string? name, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.TokenFile))
        {
            return;
        }

        if (options.Token.Length > 0)
        {
            options.TokenFileError = "set the client token or a token file, not both";
            return;
        }

        try
        {
            var file = new FileInfo(options.TokenFile);
            if (!file.Exists)
            {
                options.TokenFileError = $"no such file: {options.TokenFile}";
            }
            else if (file.Length > MaxBytes)
            {
                options.TokenFileError = $"{options.TokenFile} is {file.Length} bytes, too big to be a client token";
            }
            else if (File.ReadAllText(file.FullName).Trim() is { Length: > 0 } token)
            {
                options.Token = token;
            }
            else
            {
                options.TokenFileError = $"{options.TokenFile} is empty";
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            options.TokenFileError = $"cannot read {options.TokenFile}: {ex.Message}";
        }
    }
}
