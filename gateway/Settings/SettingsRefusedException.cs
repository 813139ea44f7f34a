namespace LlMesh.Gateway.Settings;

/// <summary>Abandons a state update whose merged settings do not validate, so that it writes nothing.</summary>
internal sealed class SettingsRefusedException(Dictionary<string, string[]> errors) : Exception("The settings do not validate.")
{
    public Dictionary<string, string[]> Errors { get; } = errors;
}
