namespace LlMesh.State.Embedded;

/// <summary>Where the embedded store keeps its files.</summary>
public sealed class EmbeddedStateOptions
{
    /// <summary>Folder for <c>state.json</c>. Default: the user's local application data folder + <c>llmesh</c>.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    public static string DefaultDataDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "llmesh");
}
