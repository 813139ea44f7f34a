namespace LlMesh.State.Aliases;

/// <summary>
/// A logical model name over several real models, in preference tiers: the first tier is filled while
/// it has a free slot; the next is used only while every earlier one is busy or offline.
/// </summary>
public sealed record AliasRecord(string Name, IReadOnlyList<IReadOnlyList<string>> Tiers);
