using System.Net;
using LlMesh.FakeLlamaServer.Endpoints;
using LlMesh.FakeLlamaServer.Http;
using LlMesh.FakeLlamaServer.Recording;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlMesh.FakeLlamaServer.Hosting;

/// <summary>Builds the Kestrel application of one fake server: slim host, loopback only, quiet logs.</summary>
internal static class FakeLlamaServerHost
{
    private const string LogCategory = "LlMesh.FakeLlamaServer";

    public static WebApplication Build(ServerState state)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(FakeLlamaServerHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Ignore ASPNETCORE_URLS / HTTP_PORTS from the environment: the fake listens where its options say.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        builder.WebHost.UseSetting(WebHostDefaults.HttpPortsKey, "");
        builder.WebHost.UseSetting(WebHostDefaults.HttpsPortsKey, "");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, state.Options.Port));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter(LogCategory, state.Options.Verbose ? LogLevel.Information : LogLevel.Warning);

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        app.Use(next => new RecordingMiddleware(next, state, logger).InvokeAsync);
        app.Use(next => new AccessGateMiddleware(next, state).InvokeAsync);
        app.MapFakeLlamaServer(state);
        return app;
    }
}
