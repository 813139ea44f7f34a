using System.Net;
using System.Net.Sockets;

namespace LlMesh.Testing;

/// <summary>
/// A loopback TCP proxy that closes any connection idle (no byte either way) for longer than a limit,
/// like nginx, Cloudflare or a cloud load balancer in front of the gateway.
/// </summary>
public sealed class IdleTimeoutProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly IPEndPoint _target;
    private readonly TimeSpan _idleLimit;
    private readonly Task _accepting;
    private int _closedForIdleness;

    public IdleTimeoutProxy(IPEndPoint target, TimeSpan idleLimit)
    {
        _target = target;
        _idleLimit = idleLimit;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>How many connections the proxy cut for being idle.</summary>
    public int ClosedForIdleness => Volatile.Read(ref _closedForIdleness);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(static _ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            await upstream.ConnectAsync(_target, _stop.Token);
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var lastActivity = Environment.TickCount64;
            var a = PumpAsync(client.GetStream(), upstream.GetStream(), () => lastActivity = Environment.TickCount64, connection.Token);
            var b = PumpAsync(upstream.GetStream(), client.GetStream(), () => lastActivity = Environment.TickCount64, connection.Token);
            while (!a.IsCompleted && !b.IsCompleted)
            {
                await Task.WhenAny(a, b, Task.Delay(100, CancellationToken.None));
                if (Environment.TickCount64 - Volatile.Read(ref lastActivity) > _idleLimit.TotalMilliseconds)
                {
                    Interlocked.Increment(ref _closedForIdleness);
                    break;
                }
            }

            await connection.CancelAsync();
        }
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to, Action touched, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                touched();
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
