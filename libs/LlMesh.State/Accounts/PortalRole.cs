namespace LlMesh.State.Accounts;

/// <summary>What a portal user may do: an admin manages everyone's keys, tokens, users and aliases; a member only their own keys and tokens.</summary>
public enum PortalRole
{
    Member,
    Admin,
}
