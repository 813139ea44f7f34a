using System.Net;
using LlMesh.Gateway.Admin;

namespace LlMesh.Gateway.Tests.Admin;

public sealed class LoginThrottleKeyTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void AddressesCountByWhatOneOwnerControls(string address, string key) =>
        Assert.Equal(key, LoginThrottleKey.For(IPAddress.Parse(address)));

    [Fact]
    public void TwoNetworksAreApart() =>
        Assert.NotEqual(LoginThrottleKey.For(IPAddress.Parse("2001:db8:1:2::1")), LoginThrottleKey.For(IPAddress.Parse("2001:db8:1:3::1")));

    [Fact]
    public void NoAddress_CountsAsOne() => Assert.Equal("unknown", LoginThrottleKey.For(null));
}
