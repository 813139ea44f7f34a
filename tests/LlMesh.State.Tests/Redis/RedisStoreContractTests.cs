using LlMesh.State.Tests.Contract;
using LlMesh.Testing.Redis;

namespace LlMesh.State.Tests.Redis;

public sealed class RedisCredentialStoreTests(RedisFixture redis) : CredentialStoreContract, IClassFixture<RedisFixture>
{
    protected override StateBacking CreateBacking() => new RedisStateBacking(redis.Server);
}

public sealed class RedisUserAndAliasStoreTests(RedisFixture redis) : UserAndAliasStoreContract, IClassFixture<RedisFixture>
{
    protected override StateBacking CreateBacking() => new RedisStateBacking(redis.Server);
}

public sealed class RedisAccountAndAuditTests(RedisFixture redis) : AccountAndAuditContract, IClassFixture<RedisFixture>
{
    protected override StateBacking CreateBacking() => new RedisStateBacking(redis.Server);
}

public sealed class RedisStateDocumentTests(RedisFixture redis) : StateDocumentContract, IClassFixture<RedisFixture>
{
    protected override StateBacking CreateBacking() => new RedisStateBacking(redis.Server);
}
