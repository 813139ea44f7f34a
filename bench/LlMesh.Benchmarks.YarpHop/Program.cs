using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
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
        var (port, backend) = ParseArguments(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
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

    private static (int Port, string Backend) ParseArguments(string[] args)
    {
        int? port = null;
        string? backend = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--port": port = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--backend": backend = args[i + 1]; break;
                default: throw new FormatException($"Unknown yarp-hop option '{args[i]}'.");
            }
        }

        return (port ?? 0, backend ?? throw new FormatException("yarp-hop needs --backend URL."));
    }
}
