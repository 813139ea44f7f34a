using LlMesh.State.Documents;

namespace LlMesh.Gateway.State;

/// <summary>The state the <c>keys</c>, <c>tokens</c>, <c>aliases</c> and <c>users</c> commands change.</summary>
internal static class StateCommandLine
{
    /// <summary>
    /// Opens the same state the gateway uses (the data directory, or Redis when
    /// <c>ConnectionStrings:Redis</c> is set), found from the same configuration sources.
    /// </summary>
    public static async Task<StateStore> OpenAsync(string[] configurationArgs, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = configurationArgs, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddLlMeshState(builder.Configuration);
        var services = builder.Services.BuildServiceProvider();
        var state = services.GetRequiredService<StateStore>();
        foreach (var starter in services.GetServices<IHostedService>())
        {
            await starter.StartAsync(cancellationToken);
        }

        if (!state.IsAvailable)
        {
            throw new InvalidOperationException("The gateway's state store cannot be reached (is Redis up?).");
        }

        return state;
    }
}
