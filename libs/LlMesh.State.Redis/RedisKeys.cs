using StackExchange.Redis;

namespace LlMesh.State.Redis;

/// <summary>
/// The names of llmesh's Redis keys and channels. Each starts with the hash tag <c>{prefix}</c>: on
/// Redis Cluster they all hash to one slot, so multi-key scripts stay legal.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    private readonly string _tag = "{" + prefix + "}";

    public string Prefix => prefix;

    /// <summary>Hash with fields <c>revision</c> and <c>doc</c> (the state document as JSON).</summary>
    public RedisKey State => _tag + ":state";

    /// <summary>Carries the new revision after every state change.</summary>
    public RedisChannel StateChanged => RedisChannel.Literal(_tag + ":state:changed");

    public RedisKey Key(string suffix) => _tag + ":" + suffix;

    public RedisChannel Channel(string suffix) => RedisChannel.Literal(_tag + ":" + suffix);
}
