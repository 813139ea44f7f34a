using LlMesh.FakeLlamaServer.Recording;
using LlMesh.FakeLlamaServer.Slots;

namespace LlMesh.FakeLlamaServer.Hosting;

/// <summary>Everything the endpoints of one server instance share.</summary>
internal sealed class ServerState : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public ServerState(FakeLlamaServerOptions options, FakeLlamaServerBehavior behavior, TimeProvider time)
    {
        Options = options;
        Behavior = behavior;
        Time = time;
        Slots = new SlotPool(options.Slots);
        Recorder = new RequestRecorder();
    }

    public FakeLlamaServerOptions Options { get; }

    public FakeLlamaServerBehavior Behavior { get; }

    public TimeProvider Time { get; }

    public SlotPool Slots { get; }

    public RequestRecorder Recorder { get; }

    /// <summary>Cancelled when the server is disposed, so hanging and queued requests end at once.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public void SignalStopping() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();
}
