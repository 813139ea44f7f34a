using System.Net;
using System.Net.Sockets;

namespace LlMesh.Gateway.Admin;

/// <summary>
/// Whose sign-in attempts count together: one IPv4 address, or one IPv6 /64 — the block a single home or
/// server is given, whose addresses its owner can rotate through at will.
/// </summary>
internal static class LoginThrottleKey
{
    public static string For(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes) + "/64";
    }
}
