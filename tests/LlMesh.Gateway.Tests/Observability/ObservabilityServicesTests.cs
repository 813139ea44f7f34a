using System.Diagnostics.Metrics;
using LlMesh.Gateway.Observability;

namespace LlMesh.Gateway.Tests.Observability;

public class ObservabilityServicesTests
{
    [Theory]
    [InlineData("Microsoft.AspNetCore.Hosting", "http.server.request.duration")]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel", "kestrel.connection.duration")]
    [InlineData("System.Runtime", "dotnet.gc.collections")]
    public void StreamFor_LimitsFrameworkInstruments(string meterName, string instrumentName)
    {
        using var meter = new Meter(meterName);
        var instrument = meter.CreateHistogram<double>(instrumentName);

        Assert.Equal(ObservabilityServices.FrameworkCardinalityLimit, ObservabilityServices.StreamFor(instrument)?.CardinalityLimit);
    }

    [Fact]
    public void StreamFor_LeavesLlMeshsOwnInstrumentsAtTheDefault()
    {
        // Labelled by model, tier and worker: a large mesh has more label sets than the framework's instruments.
        using var meter = new Meter(MetricNames.Meter);
        var instrument = meter.CreateCounter<long>("llmesh.requests");

        Assert.Null(ObservabilityServices.StreamFor(instrument));
    }
}
