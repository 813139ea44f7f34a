using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;

namespace LlMesh.Configuration.Logging;

public static class ConsoleFormatterExtensions
{
    public const string ConsoleFormatterKey = "Logging:Console:FormatterName";

    /// <summary>
    /// The slim host pins the console logger to the "simple" formatter; with this,
    /// <c>Logging:Console:FormatterName</c> (<c>json</c> for structured logs, <c>systemd</c>) chooses again.
    /// </summary>
    public static IHostApplicationBuilder UseConfiguredConsoleFormatter(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Configuration[ConsoleFormatterKey] is { Length: > 0 } formatter)
        {
            builder.Services.PostConfigure<ConsoleLoggerOptions>(console => console.FormatterName = formatter);
        }

        return builder;
    }
}
