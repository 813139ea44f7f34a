using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace LlMesh.Tunnel.Server;

internal sealed class TunnelConnectionListener(EndPoint endPoint, ChannelReader<ConnectionContext> pending) : IConnectionListener
{
    private readonly CancellationTokenSource _unbound = new();

    public EndPoint EndPoint { get; } = endPoint;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _unbound.Token);
        try
        {
            return await pending.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            return null; // Kestrel reads null as "listener stopped".
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _unbound.Cancel();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _unbound.Cancel();
        _unbound.Dispose();
        return ValueTask.CompletedTask;
    }
}
