using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace LlMesh.Benchmarks.YarpHop;

/// <summary>
/// The reference: one plain YARP hop, <c>AddReverseProxy().LoadFromMemory</c> with a catch-all route to
/// the backend and nothing else. It is what llmesh's two hops are compared with. Usage:
/// <c>LlMesh.Benchmarks.YarpHop --port N --backend URL</c>; it prints <see cref="ReadyLine"/> and the address.
/// </summary>
internal static class Program
{
    public const string ReadyLine = "yarp hop listening on ";

    public static async Task<int> Main(string[] args)
    {
        // --port and --backend through the host's own command-line configuration, like any ASP.NET Core app.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        var port = builder.Configuration.GetValue("port", 0);
        if (builder.Configuration["backend"] is not { Length: > 0 } backend)
        {
            await Console.Error.WriteLineAsync("yarp-hop needs --backend URL.");
            return 2;
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "backend", Match = new RouteMatch { Path = "{**catch-all}" } }],
            [new ClusterConfig
            {
                ClusterId = "backend",
                Destinations = new Dictionary<string, DestinationConfig> { ["backend"] = new() { Address = backend } },
            }]);

        await using var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Console.WriteLine(ReadyLine + address);
        await app.WaitForShutdownAsync();
        return 0;
    }
}
