namespace LlMesh.Configuration.Memory;

/// <summary>Whether the process is running a job now: the idle trim never pauses a process in the middle of one.</summary>
public interface IWorkInProgress
{
    bool IsWorking { get; }
}
