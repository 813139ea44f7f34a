using LlMesh.Gateway.Scheduling;
using LlMesh.State.Users;
using LlMesh.Tunnel.Protocol;

namespace LlMesh.Gateway.Tests.Scheduling;

/// <summary>Calls that need no slot (counting tokens) reach only workers a job of the same caller could run on.</summary>
public sealed class TargetResolverTests
{
    private readonly SchedulingFixture _mesh = new();

    [Fact]
    public void TheCallersOwnWorker_IsPreferred()
    {
        var mallorys = _mesh.AddAgent("mallory", Counting("b0")).Single();
        var alices = _mesh.AddAgent("alice", Counting("b0")).Single();

        Assert.Same(alices, Pick("alice"));
        Assert.Same(mallorys, Pick("mallory"));
        Assert.Contains(Pick("bob"), new[] { alices, mallorys });
    }

    [Fact]
    public async Task ASendIsolatedCaller_NeverReachesAnotherOwnersWorker()
    {
        _mesh.AddAgent("mallory", Counting("b0"));
        await _mesh.Users.SetAsync(new UserRecord("alice", SendIsolated: true));

        Assert.Null(Pick("alice"));
    }

    [Fact]
    public async Task AReceiveIsolatedWorker_GetsNoOtherUsersRequests()
    {
        var own = _mesh.AddAgent("carol", Counting("b0")).Single();
        await _mesh.Users.SetAsync(new UserRecord("carol", ReceiveIsolated: true));

        Assert.Null(Pick("alice"));
        Assert.Same(own, Pick("carol"));
    }

    [Fact]
    public void WorkersWithoutTheApi_OrNotServingTheModel_AreSkipped()
    {
        _mesh.AddWorker("alice", 1, "m");
        _mesh.AddAgent("alice", Counting("b0") with { Models = [new ModelCapabilities("other", null)] });

        Assert.Null(Pick("alice"));
    }

    private static BackendCapabilities Counting(string id) =>
        SchedulingFixture.Backend(id, 1, "m") with { Apis = [BackendApis.Messages] };

    private Gateway.Workers.Worker? Pick(string user) =>
        TargetResolver.PickWorkerWithApi(_mesh.Registry.Workers, JobTarget.ForModel("m"), BackendApis.Messages, user, _mesh.Users.Find);
}
