namespace LlMesh.Gateway.Tests.Scheduling;

public sealed class SchedulerSimulationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task RandomWorkload_KeepsThePolicyAfterEveryStep_AndRunsEveryJobExactlyOnce(int seed)
    {
        var simulation = new SchedulerSimulation(seed);

        await simulation.RunAsync(jobCount: 2000);
    }
}
