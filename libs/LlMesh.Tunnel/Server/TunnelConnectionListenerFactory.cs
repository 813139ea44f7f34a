using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace LlMesh.Tunnel.Server;

/// <summary>
/// Lets Kestrel serve HTTP/2 on connections that the agent dialled out: the dialler
/// <see cref="Offer"/>s each established tunnel stream, Kestrel accepts it as a connection.
/// </summary>
public sealed class TunnelConnectionListenerFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly Channel<ConnectionContext> _pending = Channel.CreateUnbounded<ConnectionContext>(
        new UnboundedChannelOptions { SingleReader = true });

    public bool CanBind(EndPoint endpoint) => endpoint is TunnelEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not TunnelEndPoint)
        {
            throw new NotSupportedException($"{endpoint} is not a tunnel endpoint.");
        }

        return ValueTask.FromResult<IConnectionListener>(new TunnelConnectionListener(endpoint, _pending.Reader));
    }

    /// <summary>Hands an established tunnel to Kestrel. Returns a task that completes when Kestrel is done with it.</summary>
    public Task Offer(StreamConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!_pending.Writer.TryWrite(connection))
        {
            throw new InvalidOperationException("The tunnel listener is closed.");
        }

        return connection.Completion;
    }
}
