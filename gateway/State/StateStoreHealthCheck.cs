using LlMesh.State.Documents;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LlMesh.Gateway.State;

/// <summary>Readiness: the state store (the data directory, or Redis) can be read and written.</summary>
internal sealed class StateStoreHealthCheck(StateStore state) : IHealthCheck
{
    public const string ReadyTag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsAvailable
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The state store (Redis) cannot be reached."));
}
