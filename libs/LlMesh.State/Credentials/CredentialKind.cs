namespace LlMesh.State.Credentials;

/// <summary>The two kinds of secret llmesh issues.</summary>
public enum CredentialKind
{
    /// <summary>Lets a caller use <c>/v1</c> (prefix <c>sk-</c>).</summary>
    ApiKey,

    /// <summary>Lets a tunnel-agent connect and serve (prefix <c>ct-</c>).</summary>
    ClientToken,
}
