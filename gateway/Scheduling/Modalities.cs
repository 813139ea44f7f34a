namespace LlMesh.Gateway.Scheduling;

/// <summary>Input kinds beyond text that a request carries and a worker must accept.</summary>
[Flags]
internal enum Modalities
{
    None = 0,
    Vision = 1,
    Audio = 2,
}
