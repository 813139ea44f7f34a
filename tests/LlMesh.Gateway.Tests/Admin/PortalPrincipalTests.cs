using System.Security.Claims;
using LlMesh.Gateway.Admin;
using LlMesh.State.Accounts;

namespace LlMesh.Gateway.Tests.Admin;

/// <summary>Which portal sessions still stand for their account.</summary>
public sealed class PortalPrincipalTests
{
    private static readonly PortalAccount Bob = new("bob", "hash", PortalRole.Member, DateTimeOffset.UnixEpoch);

    [Fact]
    public void ASessionOfTheAccountAsItIs_Stands() =>
        Assert.True(PortalPrincipal.For(Bob with { SessionStamp = "s1" }).IsCurrentFor(Bob with { SessionStamp = "s1" }));

    [Fact]
    public void ANewStamp_EndsTheSessionsSignedInBeforeIt() =>
        Assert.False(PortalPrincipal.For(Bob with { SessionStamp = "s1" }).IsCurrentFor(Bob with { SessionStamp = "s2" }));

    [Fact]
    public void ARemovedOrDemotedAccount_EndsItsSessions()
    {
        var session = PortalPrincipal.For(Bob with { Role = PortalRole.Admin });

        Assert.False(session.IsCurrentFor(null));
        Assert.False(session.IsCurrentFor(Bob));
    }

    [Fact]
    public void ASessionFromBeforeStamps_StandsUntilTheAccountGetsOne()
    {
        // A cookie issued by an older gateway: name and role, no stamp claim.
        var old = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "bob"), new Claim(ClaimTypes.Role, AdminDefaults.MemberRole)], AdminDefaults.CookieScheme));

        Assert.True(old.IsCurrentFor(Bob));
        Assert.False(old.IsCurrentFor(Bob with { SessionStamp = PortalPrincipal.NewSessionStamp() }));
    }

    [Fact]
    public void OnlyPasswordSessions_AreLocal()
    {
        Assert.True(PortalPrincipal.For(Bob).IsLocalSession());
        Assert.False(PortalPrincipal.ForEntra("bob", AdminDefaults.MemberRole).IsLocalSession());
        Assert.False(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "bob")], "AuthenticationTypes.Federation")).IsLocalSession());
    }

    [Fact]
    public void NewStamps_DoNotRepeat() =>
        Assert.Equal(100, Enumerable.Range(0, 100).Select(_ => PortalPrincipal.NewSessionStamp()).Distinct().Count());
}
