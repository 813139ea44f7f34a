using LlMesh.State.Credentials;

namespace LlMesh.Gateway.Authentication;

/// <summary>The authenticated API key of the current request (a request feature).</summary>
internal sealed class ApiCaller(Credential key)
{
    public Credential Key { get; } = key;

    public string User => Key.User;
}
