using System.Net.WebSockets;
using LlMesh.Gateway.Tunnel;
using LlMesh.Gateway.Workers;
using LlMesh.Tunnel.Streams;

namespace LlMesh.Gateway.Tests.Workers;

public sealed class WorkerRegistryTests
{
    private const string Instance = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void ATunnel_JoinsTheInstancesSession_TheFirstOneStartsIt()
    {
        var registry = new WorkerRegistry();

        var session = registry.JoinSession(Instance, "alice", () => NewSession("alice"), NewTunnel(), out var first);
        var again = registry.JoinSession(Instance, "alice", () => NewSession("alice"), NewTunnel(), out var secondIsFirst);

        Assert.NotNull(session);
        Assert.True(first);
        Assert.Same(session, again);
        Assert.False(secondIsFirst);
        Assert.Equal(2, session.TunnelCount);
    }

    [Fact]
    public void ATunnelArrivingAsTheLastOneCloses_StartsANewSession_InsteadOfJoiningTheEndedOne()
    {
        // The last tunnel closed but its clean-up (RemoveSession) has not run yet: the session is still listed.
        var registry = new WorkerRegistry();
        var closing = NewTunnel();
        var ended = registry.JoinSession(Instance, "alice", () => NewSession("alice"), closing, out _)!;
        Assert.Equal(0, ended.RemoveTunnel(closing));
        Assert.True(registry.TryGetSession(Instance, out _));

        var session = registry.JoinSession(Instance, "alice", () => NewSession("alice"), NewTunnel(), out var first);

        Assert.NotNull(session);
        Assert.NotSame(ended, session);
        Assert.True(first);
        Assert.True(ended.Lifetime.IsCancellationRequested);
        Assert.True(registry.TryGetSession(Instance, out var listed));
        Assert.Same(session, listed);

        // The late clean-up of the ended session leaves the new one alone.
        registry.RemoveSession(ended);
        Assert.True(registry.TryGetSession(Instance, out listed));
        Assert.Same(session, listed);
        Assert.False(session.Lifetime.IsCancellationRequested);
    }

    [Fact]
    public void AnInstanceIdOfAnotherUser_IsNotJoined()
    {
        var registry = new WorkerRegistry();
        var alices = registry.JoinSession(Instance, "alice", () => NewSession("alice"), NewTunnel(), out _)!;

        var refused = registry.JoinSession(Instance, "mallory", () => NewSession("mallory"), NewTunnel(), out var first);

        Assert.Null(refused);
        Assert.False(first);
        Assert.Equal(1, alices.TunnelCount);
    }

    private static AgentSession NewSession(string owner) => new(Instance, "mac-studio", owner, "1.0", DateTimeOffset.UnixEpoch);

    private static TunnelConnection NewTunnel() =>
        new(Guid.NewGuid().ToString("N"), new WebSocketTunnelStream(WebSocket.CreateFromStream(new MemoryStream(), new WebSocketCreationOptions { IsServer = true })));
}
