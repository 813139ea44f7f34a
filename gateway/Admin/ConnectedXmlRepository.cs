using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using StackExchange.Redis;

namespace LlMesh.Gateway.Admin;

/// <summary>
/// The data-protection key ring in Redis, failing at once while Redis is disconnected: the key ring is read
/// synchronously (at start-up too), and each read would otherwise wait out the client's whole timeout. Data
/// protection logs the failure and reads again when a portal session or anti-forgery token needs it.
/// </summary>
internal sealed class ConnectedXmlRepository(IXmlRepository inner, IConnectionMultiplexer redis) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        ThrowIfDisconnected();
        return inner.GetAllElements();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ThrowIfDisconnected();
        inner.StoreElement(element, friendlyName);
    }

    private void ThrowIfDisconnected()
    {
        if (!redis.IsConnected)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "Redis is not connected; the data-protection key ring cannot be read or written.", innerException: null, CommandStatus.Unknown);
        }
    }
}
