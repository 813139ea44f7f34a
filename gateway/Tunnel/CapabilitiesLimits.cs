using LlMesh.Tunnel.Protocol;

namespace LlMesh.Gateway.Tunnel;

/// <summary>
/// What the gateway takes from an agent's capabilities: far above any real machine, and small enough that
/// an agent (any member can run one) cannot fill the gateway's memory with its answer or its worker list.
/// </summary>
internal static class CapabilitiesLimits
{
    public const long MaxBytes = 1024 * 1024;
    public const int MaxBackends = 64;
    public const int MaxModelsPerBackend = 1024;
    public const int MaxNameLength = 256;
    public const int MaxSlots = 65_536;
    public const int MaxApis = 16;

    /// <summary>Throws <see cref="InvalidOperationException"/> (the agent's capabilities are not taken) when one is exceeded.</summary>
    public static AgentCapabilities Check(AgentCapabilities? capabilities)
    {
        if (capabilities?.Backends is null)
        {
            throw new InvalidOperationException("The agent sent empty capabilities.");
        }

        Require(capabilities.Backends.Count <= MaxBackends, $"more than {MaxBackends} backends");
        foreach (var backend in capabilities.Backends)
        {
            if (backend is not { Id: not null, Models: not null, Apis: not null })
            {
                throw new InvalidOperationException("The agent's capabilities hold a backend without an id, models or APIs.");
            }

            Require(backend.Id.Length is > 0 and <= MaxNameLength, "a backend id of 1 to 256 characters");
            Require(backend.Slots is >= 0 and <= MaxSlots, $"slots between 0 and {MaxSlots}");
            Require(backend.Models.Count <= MaxModelsPerBackend, $"at most {MaxModelsPerBackend} models per backend");
            Require(backend.Apis.Count <= MaxApis, $"at most {MaxApis} API families per backend");
            foreach (var model in backend.Models)
            {
                Require(model?.Id is { Length: > 0 and <= MaxNameLength }, "model ids of 1 to 256 characters");
            }

            foreach (var api in backend.Apis)
            {
                Require(api is { Length: > 0 and <= MaxNameLength }, "API names of 1 to 256 characters");
            }
        }

        return capabilities;
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"The agent's capabilities exceed the gateway's limits: {what}.");
        }
    }
}
