namespace LlMesh.Gateway.Scheduling;

/// <summary>A job waited <see cref="DispatchOptions.MaxQueueWait"/> without getting a slot.</summary>
internal sealed class QueueWaitExpiredException() : OperationCanceledException("No slot became free in time.");
